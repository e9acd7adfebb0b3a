//! Tests of reading notes printed after the text (`endnotes`), kept beside it so the code reads on its own.

use super::*;
use crate::config::Config;
use crate::model::Span;

fn paired(text: &str, marks: &[&str]) -> Vec<String> {
    let mut footnotes: Vec<Footnote> = marks
        .iter()
        .map(|n| Footnote {
            n: n.to_string(),
            span: Span::default(),
            text_span: Span::default(),
            text: "Not printed.".into(),
        })
        .collect();
    pair_in_order(&mut footnotes, text, &[(0, text.len())]);
    footnotes.into_iter().map(|f| f.n).collect()
}

#[test]
fn listed_notes_pair_with_the_volume_anchors_in_order() {
    let text = "The envoy Smith41 came, and the Minister42 left.";
    assert_eq!(paired(text, &["1", "2"]), ["41", "42"]);
    // Numbers that agree, a count that differs, a gap in the run: as listed.
    assert_eq!(paired("Smith1 and Jones42 came.", &["1", "2"]), ["1", "2"]);
    assert_eq!(paired(text, &["1"]), ["1"]);
    assert_eq!(paired("Smith41 and Jones45 came.", &["1", "2"]), ["1", "2"]);
    assert_eq!(paired(text, &["", ""]), ["", ""]);
}

#[test]
fn headings() {
    for (text, expect) in [
        ("Notes", true),
        ("Notes:", true),
        ("ПРИМЕЧАНИЯ", true),
        ("Footnotes.", true),
        ("Notes on the harvest", false),
        ("Note", false),
    ] {
        assert_eq!(is_heading(text), expect, "{text:?}");
    }
}

#[test]
fn marks_of_every_form() {
    let check = |text: &str, expect: Option<(&str, &str, MarkKind)>| {
        let got = mark(text).map(|m| (m.n, &text[m.text_at..], m.kind));
        assert_eq!(got, expect, "{text:?}");
    };
    check(
        "[2] See above.",
        Some(("2", "See above.", MarkKind::Bracketed)),
    );
    check(
        "/3/Source: a file.",
        Some(("3", "Source: a file.", MarkKind::Bracketed)),
    );
    check(
        "(4) Not found.",
        Some(("4", "Not found.", MarkKind::Parenthesized)),
    );
    check(
        "5. Not printed.",
        Some(("5", "Not printed.", MarkKind::Numbered)),
    );
    check(
        "61 Далее зачеркнуто.",
        Some(("61", "Далее зачеркнуто.", MarkKind::Bare)),
    );
    check(
        "- The envoy left. ↩",
        Some(("", "The envoy left. ↩", MarkKind::Bullet)),
    );
    check("•  Item", Some(("", "Item", MarkKind::Bullet)));
    check("- ", None);
    check("1920 was a year.", None);
    check("The end.", None);
}

#[test]
fn fused_anchor_numbers() {
    let check = |text: &str, expect: &[&str]| {
        assert_eq!(fused_numbers(text), expect, "{text:?}");
    };
    check("the envoy Smith42 said", &["42"]);
    check("at his office,7 and then", &["7"]);
    check("sent at 4 p.m.,12 the note", &["12"]);
    check("в городе Пскове3.", &["3"]);
    check("who asked?[1] Then State/2/", &["1", "2"]);
    // Numbers of text: after a space, in a code, a year, after one letter.
    check("on 16 November 1920 at 10", &[]);
    check("Form B52 and 2nd copy", &[]);
    check("type A4 paper", &[]);
    check("the word1234 is long", &[]);
    check("alone [1] and (2)", &[]);
    check("л. 1—1 об., 2—3", &[]);
}

fn pieces(lines: &[&'static str]) -> Vec<Piece<'static>> {
    let mut start = 0;
    lines
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let p = Piece {
                line: i + 1,
                start,
                text,
            };
            start += text.len() + 1;
            p
        })
        .collect()
}

/// `lines` with a leading `>` are indented; the result names each line's
/// place: `b` body, `n` note, `t` tail.
fn check(lines: &[&'static str], section: Option<usize>, title: &str, expect: &str) {
    let config = Config::builtin();
    let conv = Conventions::new(&config);
    let indented: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with('>'))
        .map(|(i, _)| i + 1)
        .collect();
    let texts: Vec<&'static str> = lines.iter().map(|l| l.trim_start_matches('>')).collect();
    let body = pieces(&texts);
    let title = [Piece {
        line: 0,
        start: 9999,
        text: title,
    }];
    let is_indented = |p: &Piece| indented.contains(&p.line);
    let split = split_body(body.clone(), section, &title, &is_indented, &conv);
    let got: String = body
        .iter()
        .map(|p| {
            if split.body.contains(p) {
                'b'
            } else if split.notes.contains(p) {
                'n'
            } else if split.tail.iter().any(|t| t.line == p.line) {
                't'
            } else {
                '?'
            }
        })
        .collect();
    assert_eq!(got, expect, "{lines:?}");
}

#[test]
fn indented_numbered_notes_after_text_with_anchors() {
    check(
        &[
            "The envoy Smith42 came.",
            "He left.",
            ">1. Not printed.",
            ">2. See above.",
        ],
        None,
        "",
        "bbnn",
    );
    // Without an anchor in the text, or not indented: a list of the text.
    check(
        &["The envoy came.", ">1. Go.", ">2. Stay."],
        None,
        "",
        "bbb",
    );
    check(
        &["The envoy Smith42 came.", "1. Go.", "2. Stay."],
        None,
        "",
        "bbb",
    );
}

#[test]
fn bullet_notes_need_a_back_link() {
    check(
        &[
            "The envoy came.3",
            "- He left on May 5. ↩",
            "- He was seen in",
        ],
        None,
        "",
        "bnn",
    );
    check(&["We ask:", "- bread", "- peace"], None, "", "bbb");
}

#[test]
fn bare_numbers_that_are_anchors() {
    check(
        &[
            "Решили передать вопрос комиссии53.",
            "53 Протокол не найден.",
        ],
        None,
        "",
        "bn",
    );
    check(
        &["Решили передать вопрос.", "53 Протокол не найден."],
        None,
        "",
        "bb",
    );
}

#[test]
fn a_notes_section_takes_its_continuations() {
    check(
        &[
            "Text of the letter.[1]",
            "Yours,",
            "[1] First note.",
            "Its second paragraph.",
        ],
        Some(2),
        "",
        "bbnn",
    );
}

#[test]
fn bracketed_notes_between_paragraphs_when_anchored() {
    check(
        &[
            "/1/Source: A file.",
            "Text of the telegram.",
            "/2/Not found.",
        ],
        None,
        "Telegram to the Embassy/1/",
        "nbn",
    );
    // No anchor in the title or text: a paragraph opening with a slash.
    check(
        &["/1/Source: A file.", "Text of the telegram."],
        None,
        "Telegram",
        "bb",
    );
}

#[test]
fn citation_lines_among_the_text_go_to_the_tail() {
    check(
        &[
            "Text of the letter.",
            "GARF, f. 5, op. 1, d. 2, l. 3.",
            "Rights reserved.",
        ],
        None,
        "",
        "btb",
    );
}

#[test]
fn dash_legend_gives_its_citations_to_the_tail() {
    check(
        &[
            "Постановили: принять.",
            "Секретарь ЦК",
            "- Внизу помета карандашом.",
            "- РГАСПИ. Ф. 17. Оп. 3. Д. 5. Л. 7. Подлинник.",
            "- Опубликовано: Сборник документов. С. 12.",
        ],
        None,
        "",
        "bbbtt",
    );
    check(&["We ask:", "- bread", "- peace"], None, "", "bbb");
}
