//! The §4 inventory: every witness of the sample and variant fixtures, read
//! where it stands in the file.

use super::*;
use crate::source::fixtures::fixture_line;

/// The citation block of a fixture line as the reader would cut it: from
/// `find_citation` to the end of `block_end` (the first occurrence of it).
fn block_of<'a>(line: &'a str, block_end: &str) -> (usize, &'a str) {
    let start = find_citation(line, &Config::builtin()).expect("citation");
    let end = start + line[start..].find(block_end).expect("block end") + block_end.len();
    (start, &line[start..end])
}

/// Every witness of the §4 inventory (18), read where it stands in the file.
#[test]
fn every_witness_of_the_sample() {
    let text = include_str!("../../../../tests/fixtures/barsegov-555-570.txt");
    let config = Config::builtin();
    let cases: [(usize, &str, &str); 15] = [
        (
            3,
            "Schiffers.",
            r#"NA RA [repo-na-ra] fond=200 opis=1 delo=628 | page 8–10 "pp. 8–10" | status-certified-copy form-typescript | cert: "Copy certified by the " role( "Secretary of the Permanent Mission of the RSFSR in Armenia" ) ", " persNone( "L. Schiffers" )"#,
        ),
        (
            6,
            "p. 43.",
            r#"RGVA [repo-rgva] fond=195 opis=11 delo=24 | page 43–43 "p. 43""#,
        ),
        (
            9,
            "Draft.",
            r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 192–193 "pp. 192–193" | status-copy
AVPR [repo-avpr] fond=04 opis=51 papka=321a delo=54870 | page 10–10v "pp. 10–10 verso" | status-draft"#,
        ),
        (
            12,
            "Copy.",
            r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 136–136 "p. 136" | status-copy"#,
        ),
        (
            15,
            "p. 129.",
            r#"RGVA [repo-rgva] fond=6 opis=10 delo=303 | page 129–129 "p. 129""#,
        ),
        (
            18,
            "pp. 8–9. Draft.",
            r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 199–200 "pp. 199–200" | status-copy
AVPR [repo-avpr] fond=148 opis=3 papka=1 delo=5 | page 9–10 "pp. 9–10" | status-original
AVPR [repo-avpr, inherited] fond=04 opis=51 papka=321a delo=54870 | page 8–9 "pp. 8–9" | status-draft"#,
        ),
        (
            23,
            "Copy.",
            r#"AVPR [repo-avpr] fond=04 opis=39 papka=232 delo=54987 | page 42–44 "pp. 42–44" | status-copy"#,
        ),
        (
            26,
            "Copy.",
            r#"RGASPI [repo-rgaspi] fond=558 opis=1 delo=5224 | page 1–1 "p. 1" | status-copy"#,
        ),
        (
            31,
            "Autograph.",
            r#"RGASPI [repo-rgaspi] fond=558 opis=1 delo=1987 | page 1–1 "p. 1" | status-original form-autograph"#,
        ),
        (
            34,
            "Certified copy.",
            r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 203–203 "p. 203" | status-certified-copy"#,
        ),
        (
            37,
            "Copy.",
            r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 214–215 "pp. 214–215" | status-copy"#,
        ),
        (
            40,
            "Copy.",
            r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 207–207 "p. 207" | status-copy"#,
        ),
        (
            43,
            "Original.",
            r#"RGASPI [repo-rgaspi] fond=85 opis=13 delo=85 | page 5–5 "p. 5" | status-original"#,
        ),
        (
            46,
            "p. 126.",
            r#"RGVA [repo-rgva] fond=6 opis=10 delo=303 | page 126–126 "p. 126""#,
        ),
        (
            49,
            "p. 278.",
            r#"RGVA [repo-rgva] fond=109 opis=3 delo=80 | page 278–278 "p. 278""#,
        ),
    ];
    let mut total = 0;
    for (n, block_end, expect) in cases {
        let (line, line_base) = fixture_line(text, n);
        let (start, block) = block_of(line, block_end);
        let base = line_base + start;
        let mut diagnostics = Vec::new();
        let witnesses = parse_witnesses(block, base, &config, &mut diagnostics);
        total += witnesses.len();
        assert_eq!(
            render(text, 0, &witnesses, &diagnostics, &config),
            expect,
            "L{n}"
        );
    }
    assert_eq!(total, 18);
}

/// Every witness of the §7.5 inventory of variants.txt.
#[test]
fn every_witness_of_the_variants() {
    let text = include_str!("../../../../tests/fixtures/variants.txt");
    let config = Config::builtin();
    let cases: [(usize, &str, &str); 6] = [
        (
            23,
            "Typewritten.",
            r#"NA RA [repo-na-ra] fond(Fund)=276 opis(Inventory)=1 delo(File)=57 | leaf 3–3 "Leaf 3" | form-typescript-typewritten"#,
        ),
        (
            45,
            "Manuscript.",
            r#"RGVA [repo-rgva] fond=1273 opis=2 delo=81 | leaf 58–58 "l. 58" | form-manuscript"#,
        ),
        (
            50,
            "ob.",
            r#"AVPR [repo-avpr] fond=132 opis=4 papka=17 delo=288 | leaf 21v–21v "l. 21 ob.""#,
        ),
        (
            65,
            "Original.",
            r#"NA RA [repo-na-ra] fond(Fund)=276 opis(Inventory)=1 delo(File)=61 | leaf 14–15 "Leaves 14–15" | status-original"#,
        ),
        (
            108,
            "Typewritten.",
            r#"RGASPI [repo-rgaspi] fond=372 opis=3 delo=118 | leaf 5–6v "ll. 5–6 ob." | status-copy form-typescript-typewritten"#,
        ),
        (
            121,
            "Autograph.",
            r#"NA RA [repo-na-ra] fond=276 opis=1 delo=64 | leaf 2–2 "l. 2" | status-original form-autograph"#,
        ),
    ];
    for (n, block_end, expect) in cases {
        let (line, line_base) = fixture_line(text, n);
        let (start, block) = block_of(line, block_end);
        let base = line_base + start;
        let mut diagnostics = Vec::new();
        let witnesses = parse_witnesses(block, base, &config, &mut diagnostics);
        assert_eq!(
            render(text, 0, &witnesses, &diagnostics, &config),
            expect,
            "V{n}"
        );
    }
    // V50: the citation starts after "(", at V50:45.
    let (line, _) = fixture_line(text, 50);
    let start = find_citation(line, &config).unwrap();
    assert_eq!(line[..start].chars().count(), 44);
    assert!(line[..start].ends_with('('));
}

/// Only the tail lines of the two samples hold a citation start.
#[test]
fn citations_found_on_tail_lines_only() {
    let config = Config::builtin();
    let lines_with_citation = |text: &str| -> Vec<usize> {
        text.split('\n')
            .enumerate()
            .filter(|(_, line)| find_citation(line, &config).is_some())
            .map(|(i, _)| i + 1)
            .collect()
    };
    assert_eq!(
        lines_with_citation(include_str!(
            "../../../../tests/fixtures/barsegov-555-570.txt"
        )),
        [3, 6, 9, 12, 15, 18, 23, 26, 31, 34, 37, 40, 43, 46, 49]
    );
    assert_eq!(
        lines_with_citation(include_str!("../../../../tests/fixtures/variants.txt")),
        [23, 45, 50, 65, 108, 121]
    );
    let lines_with_publication = |text: &str| -> Vec<usize> {
        text.split('\n')
            .enumerate()
            .filter(|(_, line)| find_publication(line, &config).is_some())
            .map(|(i, _)| i + 1)
            .collect()
    };
    let none: [usize; 0] = [];
    assert_eq!(
        lines_with_publication(include_str!(
            "../../../../tests/fixtures/barsegov-555-570.txt"
        )),
        none
    );
    assert_eq!(
        lines_with_publication(include_str!("../../../../tests/fixtures/variants.txt")),
        [67, 92]
    );
}
