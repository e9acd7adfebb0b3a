//! The field conventions of real editions (docs/encoding.md §7.2 rows 79–95)
//! through the whole pipeline: an invented source in those conventions
//! converts to the expected TEI, reads back to identical bytes, and its text
//! export converts to the same TEI again.

use crate::support;

use teikit::config::Config;
use teikit::export::text::{TextOptions, export_text};
use teikit::model::{InlineKind, WitnessKind};
use teikit::source::read_source;
use teikit::tei::read::read_tei;
use teikit::tei::write::write_tei;

const SOURCE: &str = "\
No. 1
Telegram from the Ambassador to the Secretary of State BERLIN, April 17, 1939.
The talks [Page 593] went on […] until the evening [...] of the same day … and [25] more.
РГАСПИ. Ф. 17. Оп. 3. Д. 100. Л. 1–2. Подлинник. Машинопись.
No. 2
Letter from the Minister to the Chairman Bonn, den 18. März 1991
Die Lage ist ernst.
RGASPI, f. 5, op. 1, d. 2, l. 3; File No. 861.00/1120.
No. 3
Report of the Commissar Rostov-on-Don, 7/VIII-1920
Text of the report.
Печатается по подлиннику.
";

fn tei_of(text: &str, config: &Config) -> String {
    let (edition, diagnostics) = read_source(text, "conventions.txt", config);
    assert!(
        diagnostics
            .iter()
            .all(|d| d.severity != teikit::diagnostic::Severity::Error),
        "{diagnostics:?}"
    );
    write_tei(&edition, &Default::default())
}

#[test]
fn real_edition_fields_become_tei() {
    let config = Config::builtin();
    let (edition, diagnostics) = read_source(SOURCE, "conventions.txt", &config);
    assert_eq!(edition.documents.len(), 3);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["teikit::citation::reference", "teikit::citation::reference"]
    );

    let tei = write_tei(&edition, &Default::default());
    for expected in [
        // A place printed in capitals is read in its usual case; `hi` keeps the capitals.
        r#"<dateline><hi rend="uppercase"><placeName>Berlin</placeName></hi>, <date when="1939-04-17">April 17, 1939</date>.</dateline>"#,
        r#"<p>The talks <pb n="593"/> went on <gap reason="editorial"/> until the evening <gap reason="editorial"/> of the same day … and [25] more.</p>"#,
        r#"<bibl type="witness" subtype="unparsed">РГАСПИ. Ф. 17. Оп. 3. Д. 100. Л. 1–2. Подлинник. Машинопись</bibl>"#,
        r#"<placeName>Bonn</placeName>, <date when="1991-03-18">den 18. März 1991</date>"#,
        r#"<bibl type="witness" subtype="unparsed">File No. 861.00/1120</bibl>"#,
        r#"<placeName>Rostov-on-Don</placeName>, <date when="1920-08-07">7/VIII-1920</date>"#,
        r#"<bibl type="publication">Печатается по <title>подлиннику</title>.</bibl>"#,
    ] {
        assert!(tei.contains(expected), "missing {expected}\n{tei}");
    }
    // Witnesses: one Russian reference; a parsed shelfmark and a file number.
    let counts: Vec<usize> = edition
        .documents
        .iter()
        .map(|d| d.witnesses.as_ref().map_or(0, |w| w.items.len()))
        .collect();
    assert_eq!(counts, [1, 2, 0]);
    let second = &edition.documents[1].witnesses.as_ref().unwrap().items;
    assert!(matches!(second[0].kind, WitnessKind::Parsed(_)));
    assert!(matches!(second[1].kind, WitnessKind::Unparsed(_)));
    assert_eq!(edition.documents[2].publications.len(), 1);
    // The page break keeps its number and its place in the paragraph.
    let teikit::model::BlockKind::Paragraph(content) = &edition.documents[0].blocks[0].kind else {
        panic!("no paragraph");
    };
    assert!(
        content
            .iter()
            .any(|i| i.kind == InlineKind::PageBreak("593".into()))
    );
}

#[test]
fn tei_reads_back_to_the_same_bytes() {
    let config = Config::builtin();
    let tei = tei_of(SOURCE, &config);
    let (read, diagnostics) = read_tei(&tei);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(write_tei(&read, &Default::default()), tei);
}

#[test]
fn text_export_converts_to_the_same_tei() {
    let config = Config::builtin();
    let tei = tei_of(SOURCE, &config);
    let (read, _) = read_tei(&tei);
    let text = export_text(&read, &TextOptions { config: &config });
    // Documented normalisations: bracketed omissions come back as `<…>`, the
    // page break in its first configured form.
    assert!(text.contains("The talks [Page 593] went on <…> until the evening <…> of"));
    assert!(text.contains("РГАСПИ. Ф. 17. Оп. 3. Д. 100. Л. 1–2. Подлинник. Машинопись."));
    assert_eq!(tei_of(&text, &config), tei);
}

#[test]
fn output_is_valid_tei() {
    let tei = tei_of(SOURCE, &Config::builtin());
    if let Some(result) = support::jing(&tei, &support::tei_all()) {
        result.unwrap_or_else(|errors| panic!("invalid against tei_all:\n{errors}\n{tei}"));
    }
}
