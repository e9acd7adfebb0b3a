//! Unit tests of datelines: the forms, places, spans and diagnostics, each
//! rendered as one line and compared with what the conventions say.

use super::place::usual_case;
use super::*;
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::model::{InlineKind, Span};

const BASE: usize = 100;

/// Renders a dateline match as `[rest of line from start] inlines ! diagnostics`,
/// each inline as `Kind(value)` and each diagnostic with the text its span
/// covers; checks on the way that every span covers exactly its text.
pub(super) fn render(line: &str, base: usize, m: &DatelineMatch) -> String {
    let mut out = format!("[{}]", &line[m.start..]);
    render_inlines(line, base, &m.content, &mut out);
    for d in &m.diagnostics {
        let covered = &line[d.span.start - base..d.span.end - base];
        out.push_str(&format!(" ! {}@{covered:?} {}", d.code, d.message));
    }
    out
}

fn render_inlines(line: &str, base: usize, content: &[Inline], out: &mut String) {
    for inline in content {
        let covered = &line[inline.span.start - base..inline.span.end - base];
        match &inline.kind {
            InlineKind::PlaceName(p) => {
                assert!(covered == p || covered == p.to_uppercase(), "{covered} {p}");
                out.push_str(&format!(" Place({p})"));
            }
            InlineKind::Hi { rend, content } if rend == "uppercase" => {
                out.push_str(" Upper[");
                render_inlines(line, base, content, out);
                out.push_str(" ]");
            }
            InlineKind::Text(t) => {
                assert_eq!(covered, t);
                out.push_str(&format!(" Text({t:?})"));
            }
            InlineKind::Date(d) => {
                assert_eq!(covered, d.text);
                out.push_str(&format!(" Date({:?}", d.text));
                let attrs = [
                    ("when", &d.when),
                    ("notBefore", &d.not_before),
                    ("notAfter", &d.not_after),
                ];
                for (k, v) in attrs {
                    if let Some(v) = v {
                        out.push_str(&format!(" {k}={v}"));
                    }
                }
                out.push(')');
            }
            InlineKind::Supplied(c) => {
                assert!(covered.starts_with('[') && covered.ends_with(']'));
                out.push_str(" Supplied[");
                render_inlines(line, base, c, out);
                out.push_str(" ]");
            }
            other => panic!("unexpected inline {other:?}"),
        }
    }
}

fn check_trailing_with(config: &Config, line: &str, expect: &str) {
    let got = trailing_dateline(line, BASE, config)
        .map(|m| render(line, BASE, &m))
        .unwrap_or_else(|| "none".into());
    assert_eq!(got, expect, "line: {line}");
}

fn check_trailing(line: &str, expect: &str) {
    check_trailing_with(&Config::builtin(), line, expect);
}

fn check_line(line: &str, expect: &str) {
    let got = dateline_line(line, BASE, &Config::builtin())
        .map(|m| render(line, BASE, &m))
        .unwrap_or_else(|| "none".into());
    assert_eq!(got, expect, "line: {line}");
}

#[test]
fn sample_title_lines_date_only() {
    check_trailing(
        "Telegram … Lebedev, Dated 23 October 1920, Prohibiting … Between Armenia and Azerbaijan 29 October 1920",
        r#"[29 October 1920] Date("29 October 1920" when=1920-10-29)"#,
    );
    check_trailing(
        "Letter … Consent to Military Transit 1 November 1920",
        r#"[1 November 1920] Date("1 November 1920" when=1920-11-01)"#,
    );
}

#[test]
fn sample_title_lines_with_place_and_time() {
    check_trailing(
        "… Draft Treaty with Armenia Baku, 5 November 1920",
        r#"[Baku, 5 November 1920] Place(Baku) Text(", ") Date("5 November 1920" when=1920-11-05)"#,
    );
    check_trailing(
        "… Retaining Nakhichevan for Armenia Baku, 5 November 1920, 22:15",
        r#"[Baku, 5 November 1920, 22:15] Place(Baku) Text(", ") Date("5 November 1920, 22:15" when=1920-11-05T22:15:00)"#,
    );
    check_trailing(
        "… Against Armenia in Zangezur Urgent. Secret. Moscow, 8 November 1920",
        r#"[Moscow, 8 November 1920] Place(Moscow) Text(", ") Date("8 November 1920" when=1920-11-08)"#,
    );
}

#[test]
fn spans_are_absolute() {
    let line = "… with Armenia Baku, 5 November 1920";
    let m = trailing_dateline(line, 1000, &Config::builtin()).unwrap();
    let place_at = line.find("Baku").unwrap();
    assert_eq!(m.start, place_at);
    assert_eq!(
        m.content[0].span,
        Span::new(1000 + place_at, 1000 + place_at + 4)
    );
    assert_eq!(m.content[2].span.end, 1000 + line.len());
}

#[test]
fn month_first_form_with_place() {
    check_trailing(
        "… of the Georgian Government Tiflis, November 2, 1920",
        r#"[Tiflis, November 2, 1920] Place(Tiflis) Text(", ") Date("November 2, 1920" when=1920-11-02)"#,
    );
}

#[test]
fn twelve_hour_times() {
    check_trailing(
        "Geneva, November 17, 1920, 10:30 AM",
        r#"[Geneva, November 17, 1920, 10:30 AM] Place(Geneva) Text(", ") Date("November 17, 1920, 10:30 AM" when=1920-11-17T10:30:00)"#,
    );
    check_trailing(
        "November 17, 1920, 12:05 AM",
        r#"[November 17, 1920, 12:05 AM] Date("November 17, 1920, 12:05 AM" when=1920-11-17T00:05:00)"#,
    );
    check_trailing(
        "November 17, 1920, 12:05 PM",
        r#"[November 17, 1920, 12:05 PM] Date("November 17, 1920, 12:05 PM" when=1920-11-17T12:05:00)"#,
    );
    check_trailing(
        "November 17, 1920, 1:40 PM",
        r#"[November 17, 1920, 1:40 PM] Date("November 17, 1920, 1:40 PM" when=1920-11-17T13:40:00)"#,
    );
}

#[test]
fn impossible_time_is_an_invalid_date() {
    check_trailing(
        "5 November 1920, 25:10",
        r#"[5 November 1920, 25:10] Date("5 November 1920, 25:10") ! teikit::source::invalid-date@"5 November 1920, 25:10" "5 November 1920, 25:10" is not a valid date"#,
    );
    check_trailing(
        "5 November 1920, 13:10 PM",
        r#"[5 November 1920, 13:10 PM] Date("5 November 1920, 13:10 PM") ! teikit::source::invalid-date@"5 November 1920, 13:10 PM" "5 November 1920, 13:10 PM" is not a valid date"#,
    );
}

#[test]
fn date_inside_title_is_not_a_dateline() {
    check_trailing(
        "… Dated 23 October 1920, Prohibiting the Deployment",
        "none",
    );
    check_trailing("A title ending in 1920", "none");
    // Glued to a word: no space before the date.
    check_trailing("Title-5 November 1920", "none");
}

#[test]
fn configured_multi_word_place() {
    let mut config = Config::builtin();
    config.conventions.dateline_places = vec!["Nizhny Novgorod".into()];
    let line = "A title Nizhny Novgorod, 3 May 1921";
    check_trailing_with(
        &config,
        line,
        r#"[Nizhny Novgorod, 3 May 1921] Place(Nizhny Novgorod) Text(", ") Date("3 May 1921" when=1921-05-03)"#,
    );
    // Without the config entry only "Novgorod" is the place.
    check_trailing(
        line,
        r#"[Novgorod, 3 May 1921] Place(Novgorod) Text(", ") Date("3 May 1921" when=1921-05-03)"#,
    );
}

#[test]
fn invalid_date_keeps_text_without_when() {
    check_line(
        "Erivan, 31 November 1920",
        r#"[Erivan, 31 November 1920] Place(Erivan) Text(", ") Date("31 November 1920") ! teikit::source::invalid-date@"31 November 1920" "31 November 1920" is not a valid date"#,
    );
    let m = dateline_line("Erivan, 31 November 1920", 0, &Config::builtin()).unwrap();
    let d = &m.diagnostics[0];
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.help.as_deref(), Some("kept as date text without @when"));
    // The same at the end of a title line.
    check_trailing(
        "A title 31 November 1920",
        r#"[31 November 1920] Date("31 November 1920") ! teikit::source::invalid-date@"31 November 1920" "31 November 1920" is not a valid date"#,
    );
}

#[test]
fn leap_days() {
    check_line(
        "29 February 1920",
        r#"[29 February 1920] Date("29 February 1920" when=1920-02-29)"#,
    );
    check_line(
        "29 February 1921",
        r#"[29 February 1921] Date("29 February 1921") ! teikit::source::invalid-date@"29 February 1921" "29 February 1921" is not a valid date"#,
    );
    check_line(
        "29 February 1900",
        r#"[29 February 1900] Date("29 February 1900") ! teikit::source::invalid-date@"29 February 1900" "29 February 1900" is not a valid date"#,
    );
    check_line(
        "February 29, 2000",
        r#"[February 29, 2000] Date("February 29, 2000" when=2000-02-29)"#,
    );
}

#[test]
fn variants_dateline_lines() {
    check_line(
        "[28 September 1920]",
        r#"[[28 September 1920]] Supplied[ Date("28 September 1920" when=1920-09-28) ]"#,
    );
    check_line(
        "October 12 or 13, 1920",
        r#"[October 12 or 13, 1920] Date("October 12 or 13, 1920" notBefore=1920-10-12 notAfter=1920-10-13)"#,
    );
    check_line(
        "Geneva, November 17, 1920, 10:30 AM",
        r#"[Geneva, November 17, 1920, 10:30 AM] Place(Geneva) Text(", ") Date("November 17, 1920, 10:30 AM" when=1920-11-17T10:30:00)"#,
    );
    check_line(
        "Geneva, 20 November 1920, 16:45",
        r#"[Geneva, 20 November 1920, 16:45] Place(Geneva) Text(", ") Date("20 November 1920, 16:45" when=1920-11-20T16:45:00)"#,
    );
    check_line(
        "After 25 November 1920",
        r#"[After 25 November 1920] Date("After 25 November 1920" notBefore=1920-11-25)"#,
    );
}

#[test]
fn qualifiers_and_two_days() {
    check_line(
        "not later than 3 May 1921",
        r#"[not later than 3 May 1921] Date("not later than 3 May 1921" notAfter=1921-05-03)"#,
    );
    check_line(
        "Before May 1921",
        r#"[Before May 1921] Date("Before May 1921" notAfter=1921-05)"#,
    );
    check_line(
        "12 or 13 October 1920",
        r#"[12 or 13 October 1920] Date("12 or 13 October 1920" notBefore=1920-10-12 notAfter=1920-10-13)"#,
    );
    check_line(
        "30 or 31 November 1920",
        r#"[30 or 31 November 1920] Date("30 or 31 November 1920") ! teikit::source::invalid-date@"30 or 31 November 1920" "30 or 31 November 1920" is not a valid date"#,
    );
    // Qualifiers and two-day forms belong to dateline lines only.
    check_trailing(
        "A title After 25 November 1920",
        r#"[25 November 1920] Date("25 November 1920" when=1920-11-25)"#,
    );
    check_trailing("A title October 12 or 13, 1920", "none");
}

#[test]
fn month_only_and_vague() {
    check_line(
        "October 1920",
        r#"[October 1920] Date("October 1920" when=1920-10)"#,
    );
    check_line(
        "[Late autumn 1920]",
        r#"[[Late autumn 1920]] Supplied[ Date("Late autumn 1920") ] ! teikit::source::vague-date@"Late autumn 1920" date "Late autumn 1920" cannot be read"#,
    );
    check_line(
        "Tiflis, mid-October 1920",
        r#"[Tiflis, mid-October 1920] Place(Tiflis) Text(", ") Date("mid-October 1920") ! teikit::source::vague-date@"mid-October 1920" date "mid-October 1920" cannot be read"#,
    );
    let m = dateline_line("Late autumn 1920", 0, &Config::builtin()).unwrap();
    assert_eq!(m.diagnostics[0].severity, Severity::Advice);
    // No month or season, no year, or too long: no dateline.
    check_line("Telegram from the Armenian Delegation in Geneva", "none");
    check_line("Late autumn", "none");
    check_line("In the late autumn of the year 1920 we left", "none");
    check_line("S. Alaverdyan", "none");
}

#[test]
fn dateline_line_after_title_markings() {
    check_line(
        "Urgent. Secret. Moscow, 8 November 1920",
        r#"[Moscow, 8 November 1920] Place(Moscow) Text(", ") Date("8 November 1920" when=1920-11-08)"#,
    );
}

#[test]
fn place_and_supplied_date() {
    check_line(
        "Erivan, [28 September 1920]",
        r#"[Erivan, [28 September 1920]] Place(Erivan) Text(", ") Supplied[ Date("28 September 1920" when=1920-09-28) ]"#,
    );
}

#[test]
fn datelines_of_other_editions() {
    check_line(
        "BERLIN, April 17, 1939.",
        r#"[BERLIN, April 17, 1939.] Upper[ Place(Berlin) ] Text(", ") Date("April 17, 1939" when=1939-04-17) Text(".")"#,
    );
    check_line(
        "Bonn, den 18. März 1991",
        r#"[Bonn, den 18. März 1991] Place(Bonn) Text(", ") Date("den 18. März 1991" when=1991-03-18)"#,
    );
    check_line(
        "Rostov-on-Don. 7/VIII-1920",
        r#"[Rostov-on-Don. 7/VIII-1920] Place(Rostov-on-Don) Text(". ") Date("7/VIII-1920" when=1920-08-07)"#,
    );
    check_line(
        "Foreign Office, February 9, 1922.",
        r#"[Foreign Office, February 9, 1922.] Place(Foreign Office) Text(", ") Date("February 9, 1922" when=1922-02-09) Text(".")"#,
    );
    check_line(
        "Москва, 14 декабря 1922 г.",
        r#"[Москва, 14 декабря 1922 г.] Place(Москва) Text(", ") Date("14 декабря 1922 г." when=1922-12-14)"#,
    );
    check_line(
        "1822 г. декабря 14",
        r#"[1822 г. декабря 14] Date("1822 г. декабря 14" when=1822-12-14)"#,
    );
    check_line(
        "Washington, February 20, 1918, 7 p.m.",
        r#"[Washington, February 20, 1918, 7 p.m.] Place(Washington) Text(", ") Date("February 20, 1918, 7 p.m." when=1918-02-20T19:00:00)"#,
    );
    check_line(
        "[28 September 1918]",
        r#"[[28 September 1918]] Supplied[ Date("28 September 1918" when=1918-09-28) ]"#,
    );
    // The same forms end a title line.
    check_trailing(
        "Telegram to the Foreign Office BERLIN, April 17, 1939.",
        r#"[BERLIN, April 17, 1939.] Upper[ Place(Berlin) ] Text(", ") Date("April 17, 1939" when=1939-04-17) Text(".")"#,
    );
    check_trailing(
        "My Lord, Foreign Office, February 12, 1919.",
        r#"[Foreign Office, February 12, 1919.] Place(Foreign Office) Text(", ") Date("February 12, 1919" when=1919-02-12) Text(".")"#,
    );
    check_trailing(
        "Telegram to G. Chicherin and V. Lenin Yerevan, May 3, 1920",
        r#"[Yerevan, May 3, 1920] Place(Yerevan) Text(", ") Date("May 3, 1920" when=1920-05-03)"#,
    );
    check_trailing(
        "Telegram from Stalin to Lenin Baku, 5 November 1920",
        r#"[Baku, 5 November 1920] Place(Baku) Text(", ") Date("5 November 1920" when=1920-11-05)"#,
    );
    check_trailing(
        "Телеграмма В. И. Ленину 14 декабря 1922 г.",
        r#"[14 декабря 1922 г.] Date("14 декабря 1922 г." when=1922-12-14)"#,
    );
}

#[test]
fn places_in_capitals_are_read_in_their_usual_case() {
    let check = |printed: &str, expect: Option<&str>| {
        assert_eq!(usual_case(printed).as_deref(), expect, "{printed}");
    };
    check("PARIS", Some("Paris"));
    check("NEW YORK", Some("New York"));
    check("ROSTOV-ON-DON", Some("Rostov-on-Don"));
    check("МОСКВА", Some("Москва"));
    check("USSR", None);
    check("USA", None);
    check("BAKU", Some("Baku"));
    check("Paris", None);
    check("Foreign Office", None);
    check_line(
        "From: TEHRAN",
        r#"[From: TEHRAN] Text("From: ") Upper[ Place(Tehran) ]"#,
    );
    check_line(
        "LONDON, 3 May 1921",
        r#"[LONDON, 3 May 1921] Upper[ Place(London) ] Text(", ") Date("3 May 1921" when=1921-05-03)"#,
    );
}

#[test]
fn headquarters_places_and_undated_datelines() {
    check_line(
        "Headquarters Camp Morris 3d June 1780.",
        r#"[Headquarters Camp Morris 3d June 1780.] Text("Headquarters ") Place(Camp Morris) Text(" ") Date("3d June 1780" when=1780-06-03) Text(".")"#,
    );
    check_line(
        "Lisbon, undated.",
        r#"[Lisbon, undated.] Place(Lisbon) Text(", ") Text("undated.")"#,
    );
    // Without the label, a place and a date need their comma.
    check_line("Camp Morris 3d June 1780.", "none");
    check_line("Lisbon, the capital.", "none");
}

#[test]
fn labelled_datelines() {
    check_line(
        "Written: Moscow, September 18, 1918",
        r#"[Written: Moscow, September 18, 1918] Text("Written: ") Place(Moscow) Text(", ") Date("September 18, 1918" when=1918-09-18)"#,
    );
    check_line(
        "Written not before May 1921",
        r#"[Written not before May 1921] Text("Written ") Date("not before May 1921" notBefore=1921-05)"#,
    );
    check_line(
        "Написано не ранее 5 мая 1921 г.",
        r#"[Написано не ранее 5 мая 1921 г.] Text("Написано ") Date("не ранее 5 мая 1921 г." notBefore=1921-05-05)"#,
    );
    check_line(
        "Written prior to 27 August 1920",
        r#"[Written prior to 27 August 1920] Text("Written ") Date("prior to 27 August 1920" notAfter=1920-08-27)"#,
    );
    check_line(
        "Sent from Sörenberg to Berne",
        r#"[Sent from Sörenberg to Berne] Text("Sent from ") Place(Sörenberg) Text(" to Berne")"#,
    );
    check_line(
        "Written: Written on December 18, 1920",
        r#"[Written: Written on December 18, 1920] Text("Written: ") Text("Written on ") Date("December 18, 1920" when=1920-12-18)"#,
    );
    check_line(
        "From: Kursk",
        r#"[From: Kursk] Text("From: ") Place(Kursk)"#,
    );
    // A label alone, a person after a place label, or a sentence: no dateline.
    check_line("Written:", "none");
    check_line("From: George Washington", "none");
    check_line(
        "Sent from Moscow by courier to the Commander of the Front in Baku",
        "none",
    );
    check_line("Written in great haste", "none");
}

#[test]
fn dateline_over_two_lines() {
    let source = "Telegram\nWashington, February\n20, 1918, 7 p.m.\nText";
    let start = source.find("Washington").unwrap();
    let end = source.find("\nText").unwrap();
    let m = dateline_over_lines(source, start, end, &Config::builtin()).unwrap();
    assert_eq!(m.start, 0);
    assert_eq!(
        m.content[0].kind,
        InlineKind::PlaceName("Washington".into())
    );
    let InlineKind::Date(date) = &m.content[2].kind else {
        panic!("no date: {:?}", m.content);
    };
    assert_eq!(date.text, "February\n20, 1918, 7 p.m.");
    assert_eq!(date.when.as_deref(), Some("1918-02-20T19:00:00"));
    let span = m.content[2].span;
    assert_eq!(&source[span.start..span.end], date.text);
    assert_eq!(span.end, end);
}

#[test]
fn odd_input_does_not_panic() {
    let lines = [
        "",
        " ",
        "[",
        "]",
        "[]",
        ", ",
        "№ 5 ",
        "Å, 1 May 1920",
        "1 May 99999",
        "May 1, 1920, 1:1",
        "[[1 May 1920]]",
        "Urgent. ",
        "after",
        "after ",
    ];
    for line in lines {
        let _ = trailing_dateline(line, 0, &Config::builtin());
        let _ = dateline_line(line, 0, &Config::builtin());
    }
    check_trailing(
        "99 May 1920",
        r#"[99 May 1920] Date("99 May 1920") ! teikit::source::invalid-date@"99 May 1920" "99 May 1920" is not a valid date"#,
    );
}
