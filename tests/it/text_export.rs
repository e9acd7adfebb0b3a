//! The text, Markdown and JSON exports on hand-built models (docs/encoding.md §5.1,
//! §5.2, §7.3): the text export must give back the source lines byte for byte.

use teikit::config::Config;
use teikit::export::json::export_json;
use teikit::export::markdown::export_markdown;
use teikit::export::text::{TextOptions, export_text};
use teikit::model::*;

use crate::support::builders::*;
use teikit::source::citation::format_witness;

const SAMPLE: &str = include_str!("../fixtures/barsegov-555-570.txt");
const VARIANTS: &str = include_str!("../fixtures/variants.txt");

/// Line `n` (1-based) of a fixture.
fn line(text: &str, n: usize) -> &str {
    text.lines().nth(n - 1).unwrap()
}

fn export(edition: &Edition) -> String {
    let config = Config::builtin();
    export_text(edition, &TextOptions { config: &config })
}

/// What the exporter writes for a witness list of one parsed witness: the
/// shared citation formatter plus the final period.
fn exported_witness(witness: &ParsedWitness, edition: &Edition) -> String {
    let config = Config::builtin();
    let label = |id: &str| edition.header.category(id).map(|c| c.label.clone());
    format!("{}.", format_witness(witness, &config, &label))
}

/// The sample's lines for 562 and 566 with each citation replaced by what the
/// shared citation formatter writes: the exporter's own work checked exactly,
/// whatever state the formatter is in.
#[test]
fn documents_562_and_566_give_their_source_lines_around_the_citation() {
    let ed = edition(vec![d562()]);
    let w562 = exported_witness(&rgaspi_copy("558", "5224", "1"), &ed);
    let expected = [line(SAMPLE, 24), line(SAMPLE, 25), line(SAMPLE, 26)]
        .join("\n")
        .replace("RGASPI, f. 558, op. 1, d. 5224, p. 1. Copy.", &w562);
    assert_eq!(export(&ed), format!("{expected}\n"));

    let ed = edition(vec![d566()]);
    let w566 = exported_witness(&rgaspi_copy("64", "21", "207"), &ed);
    let expected = [line(SAMPLE, 38), line(SAMPLE, 39), line(SAMPLE, 40)]
        .join("\n")
        .replace("RGASPI, f. 64, op. 1, d. 21, p. 207. Copy.", &w566);
    assert_eq!(export(&ed), format!("{expected}\n"));
}

/// The full answer of docs/encoding.md §5.2: passes once `format_witness` (citations
/// branch) writes witnesses.
#[test]
fn documents_562_and_566_give_sample_lines_24_to_26_and_38_to_40_exactly() {
    let ed = edition(vec![d562(), d566()]);
    let expected: Vec<&str> = [24, 25, 26, 38, 39, 40]
        .iter()
        .map(|&n| line(SAMPLE, n))
        .collect();
    assert_eq!(export(&ed), format!("{}\n", expected.join("\n")));
}

#[test]
fn inferred_number_and_fragment_get_no_number_line() {
    let mut inferred = document(Some("558"), "d558", Layout::Lines);
    inferred.cert = Some(Cert::Medium);
    inferred.heads = vec![head("Title")];
    inferred.blocks = vec![para(vec![t("Body.")])];
    let mut fragment = document(None, "fragment-1", Layout::Lines);
    fragment.kind = DocumentKind::Fragment;
    fragment.blocks = vec![
        para(vec![t("Article XIV "), ik(InlineKind::Gap)]),
        block(BlockKind::List {
            rend: None,
            items: vec![ListItem {
                span: Span::default(),
                label: None,
                content: vec![t("Recognition.")],
            }],
        }),
    ];
    fragment.witnesses = witnesses(false, vec![unparsed("NA RA, f. 200")]);
    let out = export(&edition(vec![fragment, inferred]));
    assert_eq!(
        out,
        "Article XIV <…>\n- Recognition. NA RA, f. 200.\nTitle\nBody.\n"
    );
}

#[test]
fn markings_subtitle_and_shared_notes_in_line_layout() {
    let mut doc = document(Some("568"), "d568", Layout::Lines);
    doc.heads = vec![
        head("Telegram"),
        Head {
            span: Span::default(),
            sub: true,
            content: vec![t("On Something")],
        },
    ];
    let mut opener = place_date("Moscow", "8 November 1920", "1920-11-08").unwrap();
    opener.items.insert(
        0,
        OpenerItem::Marking(Marking {
            span: Span::default(),
            place: MarkingPlace::Title,
            text: "Urgent. Secret.".into(),
        }),
    );
    opener.items.push(OpenerItem::Marking(Marking {
        span: Span::default(),
        place: MarkingPlace::Body,
        text: "Marked “Out of turn.”".into(),
    }));
    doc.opener = Some(opener);
    doc.blocks = vec![
        para(vec![
            ik(InlineKind::Hi {
                rend: "underline".into(),
                content: vec![
                    t("We hold"),
                    ik(InlineKind::Anchor {
                        n: "*".into(),
                        id: "d568-fn1-a1".into(),
                    }),
                    t("."),
                ],
            }),
            t(" Of "),
            ik(InlineKind::Supplied(vec![t("Armenia")])),
            t(" and Erivan "),
            ik(InlineKind::Note(Box::new(note(
                NoteKind::Gloss,
                None,
                Some(NotePlace::Inline),
                &[],
                "modern Yerevan",
            )))),
            t("."),
        ]),
        para(vec![t("Second.")]),
    ];
    doc.closers = vec![closer(vec![signed(vec![t("—"), pers("Stalin")])])];
    doc.witnesses = witnesses(
        false,
        vec![unparsed("A, f. 1, p. 2"), unparsed("B, f. 3, l. 4 ob.")],
    );
    let mut shared = note(
        NoteKind::Textual,
        Some("*"),
        Some(NotePlace::Foot),
        &[],
        "Underlined.",
    );
    shared.target = vec!["d568-fn1-a1".into()];
    doc.notes = vec![
        emphasis("Emphasis added – Y.B.", &["parenthesized"]),
        shared,
    ];
    let out = export(&edition(vec![doc]));
    assert_eq!(
        out,
        "No. 568\nTelegram\nOn Something Urgent. Secret. Moscow, 8 November 1920\n\
         Marked “Out of turn.” We hold*. Of [Armenia] and Erivan [modern Yerevan].\n\
         Second. —Stalin A, f. 1, p. 2; B, f. 3, l. 4 ob. (Emphasis added – Y.B.) *Underlined.\n"
    );
}

/// Documents 211–213 of variants.txt: block layout (bulleted and numbered
/// lists, a bare gap, a supplied date, closer lines), then a line-layout
/// document with a parenthesized citation, a gloss and a footnote.
fn variants_211_to_213() -> Vec<Document> {
    let mut d211 = document(Some("211"), "d211", Layout::Blocks);
    d211.cert = Some(Cert::Medium);
    d211.heads = vec![head_of(vec![
        t("TELEGRAM FROM THE SECRETARY GENERAL"),
        ik(InlineKind::Lb),
        t("OF THE MINISTRY OF FOREIGN AFFAIRS OF ARMENIA"),
        ik(InlineKind::Lb),
        t("TO THE ARMENIAN DELEGATION IN PARIS"),
    ])];
    d211.opener = dateline(vec![ik(InlineKind::Supplied(vec![date(
        "28 September 1920",
        Some("1920-09-28"),
    )]))]);
    let bullet = |s: &str| ListItem {
        span: Span::default(),
        label: None,
        content: vec![t(s)],
    };
    d211.blocks = vec![
        para(vec![
            t(
                "The Government instructs the Delegation to lodge without further delay the request of the Republic for admission to the League of Nations. The request is to be dated from Erivan ",
            ),
            ik(InlineKind::Note(Box::new(note(
                NoteKind::Gloss,
                None,
                Some(NotePlace::Inline),
                &[],
                "modern Yerevan",
            )))),
            t(" and must state:"),
        ]),
        block(BlockKind::List {
            rend: Some("bulleted".into()),
            items: vec![
                bullet(
                    "that the Republic has been recognised de facto by the Principal Allied Powers;",
                ),
                bullet(
                    "that its frontiers with Turkey are to be fixed by the arbitral award of the President of the United States.",
                ),
            ],
        }),
        block(BlockKind::Gap),
    ];
    d211.closers = vec![closer(vec![signed(vec![pers("S. Alaverdyan")])])];
    d211.witnesses = witnesses(
        false,
        vec![unparsed(
            "NA RA, Fund 276, Inventory 1, File 57, Leaf 3. Typewritten",
        )],
    );
    d211.notes = vec![emphasis("Emphasis added – Yu.B.", &["parenthesized"])];

    let mut d212 = document(Some("212"), "d212", Layout::Blocks);
    d212.heads = vec![head_of(vec![
        t("Report of the Military Commissar of the Kazakh Sector"),
        ik(InlineKind::Lb),
        t("to the Revolutionary Military Council of the 11th Red Army on the Armenian Conditions"),
    ])];
    d212.opener = dateline(vec![ik(InlineKind::Date(DateValue {
        text: "October 12 or 13, 1920".into(),
        when: None,
        not_before: Some("1920-10-12".into()),
        not_after: Some("1920-10-13".into()),
    }))]);
    let numbered = |label: &str, content: Vec<Inline>| ListItem {
        span: Span::default(),
        label: Some(label.into()),
        content,
    };
    d212.blocks = vec![
        para(vec![
            t(
                "The Armenian liaison officer states that the Government in Erivan still counts on the support of the Allies ",
            ),
            ik(InlineKind::Note(Box::new(note(
                NoteKind::Gloss,
                None,
                Some(NotePlace::Inline),
                &[],
                "i.e. the Entente",
            )))),
            t(
                " and will not accept our mediation until the question of Kars is settled. He set out two conditions:",
            ),
        ]),
        block(BlockKind::List {
            rend: Some("numbered".into()),
            items: vec![
                numbered(
                    "1.",
                    vec![t(
                        "the withdrawal of the Turkish forces to the frontier of 1914;",
                    )],
                ),
                numbered(
                    "2.",
                    vec![
                        t("free passage for grain trains from Batum through Georgia. "),
                        ik(InlineKind::Gap),
                    ],
                ),
            ],
        }),
        para(vec![t(
            "I request instructions before the next meeting with the officer.",
        )]),
    ];
    d212.closers = vec![closer(vec![
        signed(vec![
            role("Military Commissar"),
            t(" "),
            pers("Zvyagintsev"),
        ]),
        ik(InlineKind::Lb),
        signed(vec![
            role("Chief of Staff of the Sector"),
            t(" "),
            pers("Kurbatov"),
        ]),
    ])];
    d212.witnesses = witnesses(
        false,
        vec![unparsed("RGVA, f. 1273, op. 2, d. 81, l. 58. Manuscript")],
    );

    let mut d213 = document(Some("213"), "d213", Layout::Lines);
    d213.heads = vec![head(
        "Telegram from the Representative of the Republic of Armenia in Georgia, G. Arzumanov, to the Ministry of Foreign Affairs on the Position of the Georgian Government",
    )];
    d213.opener = place_date("Tiflis", "November 2, 1920", "1920-11-02");
    d213.blocks = vec![
        para(vec![
            t(
                "The Georgian Government will not let the Armenian grain trains pass until the Turkish advance is halted. The reply ",
            ),
            ik(InlineKind::Note(Box::new(note(
                NoteKind::Gloss,
                None,
                Some(NotePlace::Inline),
                &[],
                "from Moscow",
            )))),
            t(" to the Georgian note has not yet arrived, and the Minister"),
            footnote(
                "*",
                NoteKind::Editorial,
                "The name is not given in the original.",
            ),
            t(" will receive me only after it comes."),
        ]),
        para(vec![ik(InlineKind::Gap), t(" Awaiting your instructions.")]),
    ];
    d213.closers = vec![closer(vec![signed(vec![t("—"), pers("Arzumanov")])])];
    d213.witnesses = witnesses(
        true,
        vec![unparsed("AVPR, f. 132, op. 4, p. 17, d. 288, l. 21 ob.")],
    );
    d213.notes = vec![emphasis("Emphasis mine. – Y.B.", &["parenthesized"])];
    vec![d211, d212, d213]
}

/// variants.txt lines a..=b without layout spaces at either end.
fn variant_lines(a: usize, b: usize) -> String {
    (a..=b)
        .map(|n| line(VARIANTS, n).trim())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn block_layout_documents_give_variants_lines_7_to_50() {
    let out = export(&edition(variants_211_to_213()));
    // `№ 212` comes back in the first configured form (§5.2 item 1).
    let expected = variant_lines(7, 50).replace("№ 212", "No. 212");
    assert_eq!(out, format!("{expected}\n"));
}

/// Document 214: number line of the `{n}. {title}` form comes back as `No. 214`
/// on its own line; publication, full-stop emphasis note, digit footnotes.
#[test]
fn block_layout_document_214_with_publication_and_digit_footnotes() {
    let mut d214 = document(Some("214"), "d214", Layout::Blocks);
    d214.heads = vec![head_of(vec![
        t("Telegram from the Armenian Delegation in Geneva"),
        ik(InlineKind::Lb),
        t("to the Ministry of Foreign Affairs in Erivan"),
    ])];
    d214.opener = place_date(
        "Geneva",
        "November 17, 1920, 10:30 AM",
        "1920-11-17T10:30:00",
    );
    d214.blocks = vec![
        para(vec![
            t("The request of the Republic was placed before the Fifth Committee of the Assembly"),
            footnote(
                "1",
                NoteKind::Editorial,
                "The agenda of 16 November is not in the file; the date follows the Journal of the Assembly.",
            ),
            t(
                " on 16 November. The Committee has referred it to a sub-committee, which will hear the Delegation on Saturday.",
            ),
        ]),
        para(vec![
            t(
                "Several members doubt whether the League can give a mandate or a guarantee to Armenia.",
            ),
            footnote(
                "2",
                NoteKind::Editorial,
                "Telegram received in Erivan on 19 November.",
            ),
            t(" "),
            ik(InlineKind::Gap),
            t(
                " Send at once the latest figures for the refugees and the text of the agreement with the Soviet representative.",
            ),
        ]),
    ];
    d214.closers = vec![closer(vec![signed(vec![
        role("Secretary of the Delegation"),
        t(" – "),
        pers("Ter-Grigoryan"),
    ])])];
    d214.witnesses = witnesses(
        false,
        vec![unparsed(
            "NA RA, Fund 276, Inventory 1, File 61, Leaves 14–15. Original",
        )],
    );
    d214.publications = vec![Publication {
        span: Span::default(),
        content: vec![
            t("Published in: "),
            ik(InlineKind::Title("The Armenian Question at Geneva".into())),
            t(", "),
            ik(InlineKind::PubPlace("Yerevan".into())),
            t(", "),
            date("1994", Some("1994")),
            t(", "),
            ik(InlineKind::BiblScope {
                unit: "document".into(),
                from: "40".into(),
                to: "40".into(),
                text: "Document No. 40".into(),
            }),
            t("."),
        ],
    }];
    d214.notes = vec![emphasis(
        "Emphasis added by us. – Y.B.",
        &["parenthesized", "full-stop"],
    )];
    let out = export(&edition(vec![d214]));
    let expected = format!(
        "No. 214\n\nTelegram from the Armenian Delegation in Geneva\n{}\n",
        variant_lines(55, 73).replace(" ↩", "")
    );
    assert_eq!(out, expected);
}

#[test]
fn a_blank_line_separates_documents_only_around_block_layout() {
    let mk = |n: &str, layout| {
        let mut d = document(Some(n), &format!("d{n}"), layout);
        d.heads = vec![head("T")];
        d.blocks = vec![para(vec![t("B")])];
        d
    };
    let out = export(&edition(vec![
        mk("1", Layout::Lines),
        mk("2", Layout::Lines),
        mk("3", Layout::Blocks),
        mk("4", Layout::Lines),
    ]));
    assert_eq!(
        out,
        "No. 1\nT\nB\nNo. 2\nT\nB\n\nNo. 3\n\nT\n\nB\n\nNo. 4\nT\nB\n"
    );
}

#[test]
fn export_is_empty_for_an_edition_without_documents() {
    assert_eq!(export(&edition(Vec::new())), "");
}

#[test]
fn configured_number_line_and_omission_forms_are_used() {
    let mut config = Config::builtin();
    config.conventions.number_lines = vec!["{n}. {title}".into(), "№ {n}".into()];
    config.conventions.omission = "[…]".into();
    let mut d = document(Some("7"), "d7", Layout::Lines);
    d.heads = vec![head("T")];
    d.blocks = vec![para(vec![t("a "), ik(InlineKind::Gap)])];
    let out = export_text(&edition(vec![d]), &TextOptions { config: &config });
    assert_eq!(out, "№ 7\nT\na […]\n");
}

#[test]
fn markdown_headings_footnotes_and_escapes() {
    let mut docs = variants_211_to_213();
    let d213 = docs.pop().unwrap();
    let d211 = docs.remove(0);
    let config = Config::builtin();
    let md = export_markdown(
        &edition(vec![d211, d213, d562()]),
        &TextOptions { config: &config },
    );
    // Document numbers are headings; an inferred number stands in brackets.
    assert!(md.starts_with(
        "# Documents\n\n## \\[No. 211\\]\n\n### TELEGRAM FROM THE SECRETARY GENERAL OF THE MINISTRY"
    ));
    assert!(md.contains("\n\n## No. 213\n\n### Telegram from the Representative"));
    // Omissions, glosses, supplied text and expansions are escaped, not markup.
    assert!(md.contains("\n\n\\<…\\>\n\n"));
    assert!(md.contains("Erivan \\[modern Yerevan\\] and must state:"));
    assert!(md.contains("\\[28 September 1920\\]"));
    // Footnotes are numbered through the file and defined once.
    assert!(md.contains("the Minister[^1] will receive me"));
    assert!(md.contains("\n\n[^1]: The name is not given in the original."));
    assert!(md.contains("and requires[^2] thorough review"));
    assert!(md.contains("\n\n[^2]: The document mistakenly reads “begins.”"));
    assert!(!md.contains("[^3]"));
    // Bulleted items are a Markdown list; citation and emphasis note stay text.
    assert!(md.contains("\n\n- that the Republic has been recognised"));
    assert!(md.contains(
        "\n\n(AVPR, f. 132, op. 4, p. 17, d. 288, l. 21 ob.)\n\n(Emphasis mine. – Y.B.)"
    ));
    assert!(md.ends_with("\n") && !md.ends_with("\n\n"));
}

#[test]
fn markdown_escapes_line_starts_and_markup_characters() {
    let mut d = document(Some("1"), "d1", Layout::Lines);
    d.blocks = vec![
        para(vec![t(
            "- not a list, 1914. not *bold* _x_ `code` a|b &amp; $5",
        )]),
        para(vec![t("1914. A year")]),
    ];
    let config = Config::builtin();
    let md = export_markdown(&edition(vec![d]), &TextOptions { config: &config });
    assert!(
        md.contains("\\- not a list, 1914. not \\*bold\\* \\_x\\_ \\`code\\` a\\|b \\&amp; \\$5"),
        "{md}"
    );
    assert!(md.contains("\n\n1914\\. A year"), "{md}");
}

#[test]
fn json_has_schema_version_and_round_trips_through_serde() {
    let ed = edition(vec![d562(), d566()]);
    let json = export_json(&ed);
    assert_eq!(json, export_json(&ed), "deterministic");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["schema"], "teikit-model/1");
    assert_eq!(value["documents"][0]["n"], "562");
    assert_eq!(value["header"]["title"], "Documents");
    let mut object = value.as_object().unwrap().clone();
    object.remove("schema");
    let back: Edition = serde_json::from_value(serde_json::Value::Object(object)).unwrap();
    assert_eq!(back, ed);
}
