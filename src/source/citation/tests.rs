//! Unit tests of witness parsing: hand-written blocks, odd input and a
//! property test; the fixture inventory is in `tests/inventory.rs`.

mod inventory;

use super::*;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Inline, InlineKind, ParsedWitness, Witness, WitnessKind, plain_text};

/// Renders witnesses compactly, one per line; checks on the way that each
/// witness's span covers the text it was read from and that a parsed
/// witness formats back to exactly that text.
fn render(
    source: &str,
    base: usize,
    witnesses: &[Witness],
    diagnostics: &[Diagnostic],
    config: &Config,
) -> String {
    let mut lines = Vec::new();
    for w in witnesses {
        let covered = &source[w.span.start - base..w.span.end - base];
        match &w.kind {
            WitnessKind::Unparsed(text) => {
                assert_eq!(covered, text);
                lines.push(format!("UNPARSED {text:?}"));
            }
            WitnessKind::Parsed(p) => {
                let written = format_witness(p, config, &|id| category_label(config, id));
                assert_eq!(written, covered, "round trip");
                lines.push(render_parsed(p));
            }
        }
    }
    for d in diagnostics {
        let covered = &source[d.span.start - base..d.span.end - base];
        lines.push(format!("! {}@{covered:?} {}", d.code, d.message));
    }
    lines.join("\n")
}

fn render_parsed(p: &ParsedWitness) -> String {
    let mut out = format!(
        "{} [{}{}]",
        p.repository,
        p.repository_ref,
        if p.inherited { ", inherited" } else { "" }
    );
    for part in &p.shelfmark {
        match &part.label {
            Some(label) => {
                out.push_str(&format!(" {}({label})={}", part.kind.as_str(), part.value))
            }
            None => out.push_str(&format!(" {}={}", part.kind.as_str(), part.value)),
        }
    }
    let r = &p.range;
    out.push_str(&format!(" | {} {}–{} {:?}", r.unit, r.from, r.to, r.text));
    if !p.categories.is_empty() {
        out.push_str(&format!(" | {}", p.categories.join(" ")));
    }
    if let Some(cert) = &p.certification {
        out.push_str(" | cert:");
        render_inlines(cert, &mut out);
    }
    out
}

pub(super) fn render_inlines(content: &[Inline], out: &mut String) {
    for inline in content {
        match &inline.kind {
            InlineKind::Text(t) => out.push_str(&format!(" {t:?}")),
            InlineKind::RoleName(c) => {
                out.push_str(" role(");
                render_inlines(c, out);
                out.push_str(" )");
            }
            InlineKind::PersName { reference, content } => {
                out.push_str(&format!(" pers{reference:?}("));
                render_inlines(content, out);
                out.push_str(" )");
            }
            InlineKind::Title(t) => out.push_str(&format!(" title({t})")),
            InlineKind::PubPlace(t) => out.push_str(&format!(" pubPlace({t})")),
            InlineKind::Date(d) => out.push_str(&format!(" date({} when={:?})", d.text, d.when)),
            InlineKind::BiblScope {
                unit,
                from,
                to,
                text,
            } => out.push_str(&format!(" scope({unit} {from}–{to} {text:?})")),
            other => out.push_str(&format!(" {other:?}")),
        }
    }
}

/// Every inline's span covers exactly its plain text, nested ones included.
pub(super) fn assert_spans(source: &str, base: usize, content: &[Inline]) {
    for inline in content {
        let covered = &source[inline.span.start - base..inline.span.end - base];
        assert_eq!(covered, plain_text(std::slice::from_ref(inline)));
        match &inline.kind {
            InlineKind::RoleName(c) | InlineKind::PersName { content: c, .. } => {
                assert_spans(source, base, c)
            }
            _ => {}
        }
    }
}

fn check_with(config: &Config, block: &str, expect: &str) {
    let base = 1000;
    let mut diagnostics = Vec::new();
    let witnesses = parse_witnesses(block, base, config, &mut diagnostics);
    for w in &witnesses {
        if let WitnessKind::Parsed(ParsedWitness {
            certification: Some(c),
            ..
        }) = &w.kind
        {
            assert_spans(block, base, c);
        }
    }
    let got = render(block, base, &witnesses, &diagnostics, config);
    assert_eq!(got, expect, "block: {block}");
}

fn check(block: &str, expect: &str) {
    check_with(&Config::builtin(), block, expect);
}
#[test]
fn single_witness_with_status() {
    check(
        "RGASPI, f. 64, op. 1, d. 21, p. 136. Copy.",
        r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 136–136 "p. 136" | status-copy"#,
    );
}

#[test]
fn papka_leading_zero_and_verso() {
    check(
        "RGASPI, f. 64, op. 1, d. 21, pp. 192–193. Copy; AVPR, f. 04, op. 51, p. 321a, d. 54870, pp. 10–10 verso. Draft.",
        r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 192–193 "pp. 192–193" | status-copy
AVPR [repo-avpr] fond=04 opis=51 papka=321a delo=54870 | page 10–10v "pp. 10–10 verso" | status-draft"#,
    );
}

#[test]
fn inherited_repository() {
    check(
        "RGASPI, f. 64, op. 1, d. 21, pp. 199–200. Copy; AVPR, f. 148, op. 3, p. 1, d. 5, pp. 9–10. Original; f. 04, op. 51, p. 321a, d. 54870, pp. 8–9. Draft.",
        r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 199–200 "pp. 199–200" | status-copy
AVPR [repo-avpr] fond=148 opis=3 papka=1 delo=5 | page 9–10 "pp. 9–10" | status-original
AVPR [repo-avpr, inherited] fond=04 opis=51 papka=321a delo=54870 | page 8–9 "pp. 8–9" | status-draft"#,
    );
    // With nothing to inherit from, the witness does not parse.
    check(
        "f. 04, op. 51, d. 5, p. 8.",
        r#"UNPARSED "f. 04, op. 51, d. 5, p. 8"
! teikit::citation::unparsed@"f. 04, op. 51, d. 5, p. 8" archival citation could not be parsed"#,
    );
}

#[test]
fn certification_note() {
    check(
        "NA RA, f. 200, op. 1, d. 628, pp. 8–10. Certified copy. Typescript. Copy certified by the Secretary of the Permanent Mission of the RSFSR in Armenia, L. Schiffers.",
        r#"NA RA [repo-na-ra] fond=200 opis=1 delo=628 | page 8–10 "pp. 8–10" | status-certified-copy form-typescript | cert: "Copy certified by the " role( "Secretary of the Permanent Mission of the RSFSR in Armenia" ) ", " persNone( "L. Schiffers" )"#,
    );
}

#[test]
fn english_labels_and_label_variant() {
    check(
        "NA RA, Fund 276, Inventory 1, File 57, Leaf 3. Typewritten.",
        r#"NA RA [repo-na-ra] fond(Fund)=276 opis(Inventory)=1 delo(File)=57 | leaf 3–3 "Leaf 3" | form-typescript-typewritten"#,
    );
    check(
        "NA RA, Fund 276, Inventory 1, File 61, Leaves 14–15. Original.",
        r#"NA RA [repo-na-ra] fond(Fund)=276 opis(Inventory)=1 delo(File)=61 | leaf 14–15 "Leaves 14–15" | status-original"#,
    );
}

#[test]
fn leaves_ob_no_doubled_period() {
    check(
        "RGASPI, f. 372, op. 3, d. 118, ll. 5–6 ob. Copy. Typewritten.",
        r#"RGASPI [repo-rgaspi] fond=372 opis=3 delo=118 | leaf 5–6v "ll. 5–6 ob." | status-copy form-typescript-typewritten"#,
    );
    // Parenthesized: the caller stripped the parentheses; the range's
    // period is the range's, not a separator.
    check(
        "AVPR, f. 132, op. 4, p. 17, d. 288, l. 21 ob.",
        r#"AVPR [repo-avpr] fond=132 opis=4 papka=17 delo=288 | leaf 21v–21v "l. 21 ob.""#,
    );
    // A last witness ending in ob. followed by the block's period would be
    // "ob.." in the source; one period serves both.
    check(
        "RGVA, f. 1, op. 2, d. 3, l. 4 ob.; RGVA, f. 1, op. 2, d. 3, l. 5.",
        r#"RGVA [repo-rgva] fond=1 opis=2 delo=3 | leaf 4v–4v "l. 4 ob."
RGVA [repo-rgva] fond=1 opis=2 delo=3 | leaf 5–5 "l. 5""#,
    );
}

#[test]
fn parenthesized_without_final_period() {
    check(
        "RGVA, f. 6, op. 10, d. 303, p. 129",
        r#"RGVA [repo-rgva] fond=6 opis=10 delo=303 | page 129–129 "p. 129""#,
    );
}

#[test]
fn unknown_archive_is_parsed_with_a_warning() {
    let config = Config::builtin();
    let mut diagnostics = Vec::new();
    let block = "GARF, f. 130, op. 4, d. 5, l. 7. Copy; TsGA RA, f. 1, op. 1, d. 1, l. 1.";
    let witnesses = parse_witnesses(block, 0, &config, &mut diagnostics);
    // A mixed-case acronym is not an unknown archive: that witness stays verbatim.
    assert!(matches!(&witnesses[0].kind, WitnessKind::Parsed(p) if p.repository == "GARF"));
    assert_eq!(
        witnesses[1].kind,
        WitnessKind::Unparsed("TsGA RA, f. 1, op. 1, d. 1, l. 1".into())
    );
    check(
        "GARF, f. 130, op. 4, d. 5, l. 7. Copy; GA RF, f. 1, op. 1, d. 1, l. 1.",
        r#"GARF [repo-garf] fond=130 opis=4 delo=5 | leaf 7–7 "l. 7" | status-copy
GA RF [repo-ga-rf] fond=1 opis=1 delo=1 | leaf 1–1 "l. 1"
! teikit::citation::unknown-archive@"GARF" archive "GARF" is not in the edition config
! teikit::citation::unknown-archive@"GA RF" archive "GA RF" is not in the edition config"#,
    );
    let mut diagnostics = Vec::new();
    parse_witnesses(
        "GARF, f. 1, op. 1, d. 1, l. 1.",
        0,
        &config,
        &mut diagnostics,
    );
    assert_eq!(diagnostics[0].severity, Severity::Warning);
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("encoded without full name; add it under [archives]")
    );
    // Once configured, no warning.
    let config = Config::from_toml(
        "[archives]\nGARF = { name = \"State Archive of the Russian Federation\" }\n",
    )
    .unwrap();
    check_with(
        &config,
        "GARF, f. 130, op. 4, d. 5, l. 7.",
        r#"GARF [repo-garf] fond=130 opis=4 delo=5 | leaf 7–7 "l. 7""#,
    );
}

#[test]
fn unparsed_blocks_keep_every_byte() {
    check(
        "RGASPI, f. 64, d. 21, l. 5.",
        r#"UNPARSED "RGASPI, f. 64, d. 21, l. 5"
! teikit::citation::unparsed@"RGASPI, f. 64, d. 21, l. 5" archival citation could not be parsed"#,
    );
    // An unknown status: the witness would not write back, so it is kept verbatim.
    check(
        "RGASPI, f. 64, op. 1, d. 21, p. 5. Photocopy; RGVA, f. 6, op. 10, d. 303, p. 126.",
        r#"UNPARSED "RGASPI, f. 64, op. 1, d. 21, p. 5. Photocopy"
RGVA [repo-rgva] fond=6 opis=10 delo=303 | page 126–126 "p. 126"
! teikit::citation::unparsed@"RGASPI, f. 64, op. 1, d. 21, p. 5. Photocopy" archival citation could not be parsed"#,
    );
    // Doubled spaces would not write back either.
    check(
        "RGVA,  f. 6, op. 10, d. 303, p. 126.",
        r#"UNPARSED "RGVA,  f. 6, op. 10, d. 303, p. 126"
! teikit::citation::unparsed@"RGVA,  f. 6, op. 10, d. 303, p. 126" archival citation could not be parsed"#,
    );
    let mut diagnostics = Vec::new();
    parse_witnesses(
        "RGASPI, f. 64, d. 21, l. 5.",
        0,
        &Config::builtin(),
        &mut diagnostics,
    );
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some(
            "kept verbatim in <bibl type=\"witness\" subtype=\"unparsed\">; expected \"ARCHIVE, f. N, op. N[, p. N], d. N, p. N[–N]. Status.\""
        )
    );
}
#[test]
fn russian_labels_parse_and_round_trip() {
    let config = Config::builtin();
    let text = "РГАСПИ, ф. 17, оп. 3, д. 100, лл. 1–2 об. Подлинник. Машинопись.";
    let mut diagnostics = Vec::new();
    let items = parse_witnesses(text, 0, &config, &mut diagnostics);
    assert_eq!(items.len(), 1);
    let WitnessKind::Parsed(w) = &items[0].kind else {
        panic!("not parsed: {items:?} {diagnostics:?}");
    };
    assert_eq!(w.range.unit, "leaf");
    assert_eq!((w.range.from.as_str(), w.range.to.as_str()), ("1", "2v"));
    assert_eq!(
        w.categories,
        ["status-original-подлинник", "form-typescript-машинопись"]
    );
}

#[test]
fn references_are_witnesses_kept_as_printed() {
    let config = Config::builtin();
    for (text, count) in [
        (
            "РГАСПИ. Ф. 17. Оп. 3. Д. 100. Л. 1–2. Подлинник. Машинопись.",
            1,
        ),
        (
            "Source: National Archives, RG 59, Central Files, 611.61/1–2056. Secret.",
            1,
        ),
        (
            "AVP RF, f. 059a, op. 5a, p. 4, d. 11, ll. 89–92; RGASPI. Ф. 558. Оп. 11. Д. 342.",
            2,
        ),
        ("File No. 861.00/1120", 1),
    ] {
        assert_eq!(find_citation(text, &config), Some(0), "{text}");
        assert_eq!(find_publication(text, &config), None, "{text}");
        let mut diagnostics = Vec::new();
        let items = parse_witnesses(text, 0, &config, &mut diagnostics);
        assert_eq!(items.len(), count, "{text}");
        // Nothing is lost: the last witness reaches the end (maybe without its period).
        let end = items.last().unwrap().span.end;
        assert!(end + 1 >= text.len(), "{text}");
    }
    // A reference that does not parse is advice, not a warning.
    let mut diagnostics = Vec::new();
    parse_witnesses("File No. 861.00/1120", 0, &config, &mut diagnostics);
    assert_eq!(
        diagnostics[0].code,
        crate::source::codes::CITATION_REFERENCE
    );
    // A shelfmark without spaces is found (and kept as printed).
    let text = "“Memo,” July 3, 1956, Program Digital Archive, GAPPOD, f.1, op.89, d.203.";
    assert_eq!(find_citation(text, &config), text.find("GAPPOD"));
    // Printed sources stay publications.
    for text in [
        "Печатается по подлиннику.",
        "Original Source: Sbornik dokumentov, 1920.",
        "Source: Lenin Collected Works, Progress Publishers, 1965.",
    ] {
        assert_eq!(find_publication(text, &config), Some(0), "{text}");
        assert_eq!(find_citation(text, &config), None, "{text}");
    }
}
#[test]
fn odd_blocks_do_not_panic() {
    let config = Config::builtin();
    for block in [
        "",
        ".",
        ";",
        "; ",
        "; ;",
        "RGASPI, f. ",
        "RGASPI, f. 1, op. 1, d. 1, p. 1–",
        "RGASPI, f. 1, op. 1, d. 1, p. 1. ",
        "(",
        "Å, f. 1",
        "RGASPI, f. 1, op. 1, d. 1, p. 1. Copy certified by .",
    ] {
        let mut diagnostics = Vec::new();
        let witnesses = parse_witnesses(block, 0, &config, &mut diagnostics);
        let covered: usize = witnesses.iter().map(|w| w.span.len()).sum();
        assert!(covered <= block.len());
        let _ = find_citation(block, &config);
        let _ = find_publication(block, &config);
    }
}

mod properties {
    use super::*;
    use crate::source::fixtures::text_of;
    use proptest::prelude::*;

    /// Citation pieces, so that the parser gets far.
    const PIECES: &[&str] = &[
        "RGASPI",
        "NA RA",
        "GARF",
        "f.",
        "Fund",
        "op.",
        "p.",
        "pp.",
        "d.",
        "l.",
        "ll.",
        "Leaf",
        " ",
        ", ",
        ". ",
        "; ",
        ".",
        "–",
        "-",
        "12",
        "04",
        "321a",
        " ob.",
        " verso",
        "Copy",
        "Certified copy",
        "Typewritten",
        "Copy certified by the ",
        "Chief",
        "X. Y",
        "(",
        "é",
    ];

    proptest! {
        #[test]
        fn witnesses_cover_their_text_and_write_back(text in text_of(PIECES, 24)) {
            let config = Config::builtin();
            let mut diagnostics = Vec::new();
            let witnesses = parse_witnesses(&text, 7, &config, &mut diagnostics);
            for w in &witnesses {
                let covered = &text[w.span.start - 7..w.span.end - 7];
                match &w.kind {
                    WitnessKind::Unparsed(t) => prop_assert_eq!(covered, t.as_str()),
                    WitnessKind::Parsed(p) => prop_assert_eq!(
                        format_witness(p, &config, &|id| category_label(&config, id)),
                        covered
                    ),
                }
            }
            let _ = find_citation(&text, &config);
            let p = parse_publication(&text, 0, &config);
            prop_assert_eq!(plain_text(&p.content), text);
        }
    }
}
