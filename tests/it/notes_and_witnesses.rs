//! Notes, witnesses and omissions where web pages and text dumps print them
//! (docs/encoding.md §7.6): invented sources in each convention, read with no
//! config, give the expected count of footnotes, witnesses and gaps per
//! document, and TEI that holds the expected pieces.

use teikit::config::Config;
use teikit::model::{Block, BlockKind, Document, Inline, InlineKind, NotePlace};
use teikit::source::read_source;
use teikit::tei::write::write_tei;

/// Counts of one document: (footnotes, witnesses, gaps).
type Counts = (usize, usize, usize);

fn inline_counts(content: &[Inline], c: &mut Counts) {
    for inline in content {
        match &inline.kind {
            InlineKind::Gap => c.2 += 1,
            InlineKind::Note(note) => {
                if note.place == Some(NotePlace::Foot) {
                    c.0 += 1;
                }
                inline_counts(&note.content, c);
            }
            InlineKind::Element(e) => {
                if e.name == "bibl"
                    && e.attributes
                        .iter()
                        .any(|(k, v)| k == "type" && v == "witness")
                {
                    c.1 += 1;
                }
                inline_counts(&e.content, c);
            }
            InlineKind::Supplied(x)
            | InlineKind::Hi { content: x, .. }
            | InlineKind::Signed(x)
            | InlineKind::RoleName(x)
            | InlineKind::PersName { content: x, .. } => inline_counts(x, c),
            _ => {}
        }
    }
}

fn block_counts(block: &Block, c: &mut Counts) {
    match &block.kind {
        BlockKind::Paragraph(content) => inline_counts(content, c),
        BlockKind::List { items, .. } => {
            for item in items {
                inline_counts(&item.content, c);
            }
        }
        BlockKind::Speech { content, .. } => inline_counts(content, c),
        BlockKind::Gap => c.2 += 1,
        _ => {}
    }
}

fn counts(d: &Document) -> Counts {
    let mut c = (0, d.witnesses.as_ref().map_or(0, |w| w.items.len()), 0);
    for block in &d.blocks {
        block_counts(block, &mut c);
    }
    for note in &d.notes {
        if note.place == Some(NotePlace::Foot) {
            c.0 += 1;
        }
        inline_counts(&note.content, &mut c);
    }
    c
}

/// Reads `source` with the built-in config: the counts of each document and
/// pieces its TEI must hold.
fn check(source: &str, expect: &[Counts], tei_holds: &[&str]) {
    let config = Config::builtin();
    let (edition, _) = read_source(source, "invented.txt", &config);
    let got: Vec<Counts> = edition.documents.iter().map(counts).collect();
    assert_eq!(
        got, expect,
        "(notes, witnesses, gaps) per document of\n{source}"
    );
    let tei = write_tei(&edition, &Default::default());
    // A note without number has no anchor: it is never shared.
    assert!(!tei.contains("<anchor"), "stray anchors\n{tei}");
    for piece in tei_holds {
        assert!(tei.contains(piece), "missing {piece}\n{tei}");
    }
}

#[test]
fn indented_notes_after_the_signature() {
    check(
        "\
511.23/7: Telegram

The Consul at Riga (Brown) to the Secretary of State

204. Your telegram of May 3,15 was received this morning and its contents were at once communicated to the Minister for Foreign Affairs.

The Minister called at the Consulate today16 and said that his Government would reply in writing within the week.

Brown
  1. Not printed.
  2. Not found in the files.
",
        &[(2, 1, 0)],
        &[r#"<bibl type="witness" subtype="unparsed">511.23/7: Telegram</bibl>"#],
    );
}

#[test]
fn bulleted_notes_with_back_links() {
    check(
        "\
612.00/5: Telegram

The Secretary of State to the Minister in Oslo (White)

88. Please inform the Government of our position on the fisheries question as stated in the Department’s previous telegram.41 Report by cable the reply of the Government.
- The position was stated in telegram No. 80. ↩
- The Minister replied on June 2, see
",
        &[(2, 1, 0)],
        &[],
    );
}

#[test]
fn notes_section_after_the_citation() {
    check(
        "\
Telegram from the Commissar to the Council

May 4, 1921

The mensheviks 1 will not agree to the terms.

GARF. F. 5. Op. 1. D. 7. L. 3. Autograph.

Notes:

1 Members of the party that left the congress.
",
        &[(1, 1, 0)],
        &[],
    );
}

#[test]
fn source_note_between_paragraphs_is_note_and_witness() {
    check(
        "\
Telegram From the Legation in Bern to the Department of State/1/

Bern, May 2, 1962, 4 p.m.

/1/Source: National Archives, RG 59, Central Files 1960-63. Secret.

310. For the Ambassador. The Swiss Government agreed this morning to all the terms proposed in your telegram, and the Minister will sign the agreement on Monday.
",
        &[(1, 1, 0)],
        &[
            r#"place="foot"><bibl type="witness" subtype="unparsed">Source: National Archives, RG 59, Central Files 1960-63. Secret.</bibl></note>"#,
        ],
    );
}

#[test]
fn dash_legend_and_anchored_note() {
    check(
        "\
Постановление Политбюро о посевной кампании. 5 апреля 1930 г.

Решили поручить комиссии12 подготовить проект.

Секретарь ЦК
- На полях помета карандашом.
- РГАСПИ. Ф. 17. Оп. 3. Д. 9. Л. 4. Подлинник.
12 Состав комиссии не установлен.
",
        &[(1, 1, 0)],
        &[r#"<item>На полях помета карандашом.</item>"#],
    );
}

#[test]
fn witnesses_in_other_places() {
    // A bibliographic ` // ` before the title's source.
    check(
        "Из переписки наркомов. 3 мая 1925 г. // ЦГА РСФСР, ф. 10, оп. 2, д. 33, л. 4. Копия.\n",
        &[(0, 1, 0)],
        &[],
    );
    // A label line before a citation inside a sentence; transliterated labels.
    check(
        "\
Digital Archive International History Declassified

June 2, 1951 Memo on the Harvest in the Southern Provinces of the Republic

Citation:

“Memo on the Harvest in the Southern Provinces of the Republic,” June 2, 1951, Digital Archive, GARF, f.5, op.2, d.7. Translated by A. Smith.

Summary:

A memo on the poor harvest in the south.

The harvest was poor in all the provinces of the south, and the reserves are low.

APRF, Listy 3-4, Fond and Opis not given; and AVPRF, Fond 06, Opis 1, Delo 2.
",
        &[(0, 3, 0)],
        &[r#"<bibl type="witness" subtype="unparsed">GARF, f.5, op.2, d.7. Translated by A. Smith</bibl>"#],
    );
}

#[test]
fn omissions_alone_on_lines_are_gaps() {
    check(
        "\
March 3, 1952

Ciphered Telegram, Ivanov to Petrov

[...]

We received your telegram of March 1.

[...]
",
        &[(0, 0, 2)],
        &[],
    );
}

#[test]
fn body_lists_stay_lists() {
    // Numbered paragraphs without indentation, a bulleted list without
    // back-links, a number that is no anchor: no notes.
    check(
        "\
Memorandum of the Commission on Supplies

The commission proposes:
1. To buy grain.
2. To sell timber.
- bread
- peace
53 wagons arrived.
",
        &[(0, 0, 0)],
        &[],
    );
}
