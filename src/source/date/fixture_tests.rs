//! Every dateline of the sample and the variants fixtures, and a property:
//! the datelines of any line cover their text.

use super::tests::render;
use super::{dateline_line, trailing_dateline};
use crate::config::Config;
use crate::model::InlineKind;
use crate::source::fixtures::fixture_line;

/// The §4 inventory: the last title line of every document of the sample,
/// its place and date, read where it stands in the file.
#[test]
fn every_dateline_of_the_sample() {
    let text = include_str!("../../../tests/fixtures/barsegov-555-570.txt");
    let config = Config::builtin();
    let expected = [
        (5, None, "1920-10-29", "29 October 1920"),
        (8, None, "1920-10-29", "29 October 1920"),
        (11, None, "1920-11-01", "1 November 1920"),
        (14, Some("Moscow"), "1920-11-02", "2 November 1920"),
        (17, None, "1920-11-03", "3 November 1920"),
        (20, None, "1920-11-05", "5 November 1920"),
        (25, Some("Baku"), "1920-11-05", "5 November 1920"),
        (
            28,
            Some("Baku"),
            "1920-11-05T22:15:00",
            "5 November 1920, 22:15",
        ),
        (33, Some("Baku"), "1920-11-06", "6 November 1920"),
        (36, None, "1920-11-07", "7 November 1920"),
        (39, Some("Baku"), "1920-11-07", "7 November 1920"),
        (42, None, "1920-11-08", "8 November 1920"),
        (45, Some("Moscow"), "1920-11-08", "8 November 1920"),
        (48, None, "1920-11-09", "9 November 1920"),
    ];
    for (n, place, when, date_text) in expected {
        let (line, base) = fixture_line(text, n);
        let m = trailing_dateline(line, base, &config)
            .unwrap_or_else(|| panic!("L{n} has no dateline"));
        assert!(m.diagnostics.is_empty(), "L{n}");
        let date = m.content.last().unwrap();
        let InlineKind::Date(value) = &date.kind else {
            panic!("L{n}: no date last");
        };
        assert_eq!(value.when.as_deref(), Some(when), "L{n}");
        assert_eq!(value.text, date_text, "L{n}");
        assert_eq!(&text[date.span.start..date.span.end], date_text, "L{n}");
        assert_eq!(date.span.end, base + line.len(), "L{n}");
        match place {
            Some(p) => {
                assert_eq!(m.content[0].kind, InlineKind::PlaceName(p.into()), "L{n}");
                assert_eq!(&line[m.start..m.start + p.len()], p);
            }
            None => assert_eq!(m.content.len(), 1, "L{n}"),
        }
    }
    // Title lines followed by a subtitle end in no dateline.
    for n in [13, 19, 35] {
        let (line, base) = fixture_line(text, n);
        assert_eq!(trailing_dateline(line, base, &config), None, "L{n}");
    }
}

/// The §7.5 inventory: the dateline of every document of variants.txt.
#[test]
fn every_dateline_of_the_variants() {
    let text = include_str!("../../../tests/fixtures/variants.txt");
    let config = Config::builtin();
    let (line, base) = fixture_line(text, 48);
    let m = trailing_dateline(line, base, &config).unwrap();
    assert_eq!(
        render(line, base, &m),
        r#"[Tiflis, November 2, 1920] Place(Tiflis) Text(", ") Date("November 2, 1920" when=1920-11-02)"#
    );
    let lines = [
        (
            11,
            r#"[[28 September 1920]] Supplied[ Date("28 September 1920" when=1920-09-28) ]"#,
        ),
        (
            32,
            r#"[October 12 or 13, 1920] Date("October 12 or 13, 1920" notBefore=1920-10-12 notAfter=1920-10-13)"#,
        ),
        (
            57,
            r#"[Geneva, November 17, 1920, 10:30 AM] Place(Geneva) Text(", ") Date("November 17, 1920, 10:30 AM" when=1920-11-17T10:30:00)"#,
        ),
        (
            80,
            r#"[Geneva, 20 November 1920, 16:45] Place(Geneva) Text(", ") Date("20 November 1920, 16:45" when=1920-11-20T16:45:00)"#,
        ),
        (
            100,
            r#"[After 25 November 1920] Date("After 25 November 1920" notBefore=1920-11-25)"#,
        ),
        (
            115,
            r#"[Erivan, 31 November 1920] Place(Erivan) Text(", ") Date("31 November 1920") ! teikit::source::invalid-date@"31 November 1920" "31 November 1920" is not a valid date"#,
        ),
    ];
    for (n, expect) in lines {
        let (line, base) = fixture_line(text, n);
        let m = dateline_line(line, base, &config)
            .unwrap_or_else(|| panic!("V{n} is no dateline line"));
        assert_eq!(render(line, base, &m), expect, "V{n}");
    }
    // V115:9 is where the invalid date starts.
    let (line, base) = fixture_line(text, 115);
    let m = dateline_line(line, base, &config).unwrap();
    assert_eq!(m.diagnostics[0].span.start, base + 8);
    // Title and body lines of block-layout documents are no dateline lines.
    for n in [
        7, 8, 9, 29, 30, 54, 55, 77, 78, 96, 97, 98, 112, 113, 21, 42, 43, 106, 119,
    ] {
        let (line, base) = fixture_line(text, n);
        assert_eq!(dateline_line(line.trim(), base, &config), None, "V{n}");
    }
}

mod properties {
    use super::*;
    use crate::source::fixtures::text_of;
    use proptest::prelude::*;

    fn line() -> impl Strategy<Value = String> {
        text_of(
            &[
                "Baku",
                ", ",
                " ",
                "5",
                "31",
                "29",
                "November",
                "February",
                "1920",
                "1900",
                ":",
                "22",
                "10:30",
                " AM",
                " PM",
                " or ",
                "[",
                "]",
                "After ",
                "not later than ",
                "autumn",
                "…",
                "é",
                "Urgent. ",
            ],
            12,
        )
    }

    proptest! {
        #[test]
        fn datelines_cover_their_text(text in line()) {
            let config = Config::builtin();
            for m in [trailing_dateline(&text, 3, &config), dateline_line(&text, 3, &config)]
                .into_iter()
                .flatten()
            {
                // `render` asserts that every span covers its text.
                let _ = render(&text, 3, &m);
                let end = m.content.last().map_or(0, |i| i.span.end);
                prop_assert_eq!(end, 3 + text.trim_end().len());
                prop_assert_eq!(m.content.first().map(|i| i.span.start), Some(3 + m.start));
            }
        }
    }
}
