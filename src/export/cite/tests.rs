//! Tests of the citation writers: the tables of escapes and date parts, and
//! the direct writers checked byte for byte against the writers they
//! replaced (`reference`: BibTeX from a list of joined strings, CSL-JSON
//! through a `serde_json::Value`) over arbitrary citations, control
//! characters, quotes, braces and backslashes included.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::bibtex::push_bibtex_escaped;
use super::csl_json::{date_numbers, push_json_string};
use super::*;

/// The escaped value alone, as the table below gives it.
fn bibtex_escape(s: &str) -> String {
    let mut out = String::new();
    push_bibtex_escaped(s, &mut out);
    out
}

/// The numbers of an ISO date as the JSON array the file holds.
fn date_parts(iso: &str) -> Option<Value> {
    date_numbers(iso).map(|p| json!(p))
}

#[test]
fn bibtex_values_stay_balanced() {
    for (input, expect) in [
        ("plain", "plain"),
        ("50% & {x}", "50\\% \\& \\{x\\}"),
        ("a\\b", "a\\textbackslash{}b"),
        ("Ереван_1", "Ереван\\_1"),
    ] {
        assert_eq!(bibtex_escape(input), expect);
    }
}

#[test]
fn csl_date_parts_are_numbers() {
    assert_eq!(date_parts("1920-11-05"), Some(json!([1920, 11, 5])));
    assert_eq!(date_parts("1920"), Some(json!([1920])));
    assert_eq!(date_parts("19x0"), None);
}

/// The writers as they were before they wrote into one buffer.
mod reference {
    use serde_json::{Value, json};

    use super::Citation;

    pub fn citation_text(c: &Citation) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.push(if c.title.is_empty() {
            c.label.clone()
        } else {
            format!("{}. {}", c.label, c.title.trim_end_matches('.'))
        });
        if let Some(d) = &c.date_text {
            parts.push(d.clone());
        }
        let mut edition = format!("In: {}", c.edition.trim_end_matches('.'));
        if let Some(e) = &c.editor {
            edition.push_str(&format!(", ed. by {e}"));
        }
        parts.push(edition);
        if let Some(p) = &c.publisher {
            parts.push(p.clone());
        }
        if let Some(s) = &c.shelfmark {
            parts.push(s.trim_end_matches('.').to_string());
        }
        let mut line = parts.join(". ") + ".";
        if let Some(u) = &c.url {
            line.push(' ');
            line.push_str(u);
        }
        line
    }

    pub fn bibtex(citations: &[Citation]) -> String {
        citations.iter().map(bibtex_entry).collect()
    }

    fn bibtex_entry(c: &Citation) -> String {
        let mut fields: Vec<(&str, String)> = Vec::new();
        let title = if c.title.is_empty() {
            c.label.clone()
        } else {
            format!("{}. {}", c.label, c.title)
        };
        fields.push(("title", title));
        if let Some(n) = &c.number {
            fields.push(("number", n.clone()));
        }
        if let Some(first) = c.date_parts.first() {
            let date = match c.date_parts.get(1) {
                Some(last) => format!("{first}/{last}"),
                None => first.clone(),
            };
            fields.push(("date", date));
            fields.push(("year", first.chars().take(4).collect()));
        }
        let mut how = format!("In: {}", c.edition);
        if let Some(e) = &c.editor {
            how.push_str(&format!(", ed. by {e}"));
        }
        fields.push(("howpublished", how));
        fields.push(("booktitle", c.edition.clone()));
        if let Some(e) = &c.editor {
            fields.push(("editor", e.clone()));
        }
        if let Some(p) = &c.publisher {
            fields.push(("publisher", p.clone()));
        }
        if let Some(s) = &c.shelfmark {
            fields.push(("note", s.clone()));
        }
        if let Some(l) = &c.language {
            fields.push(("langid", l.clone()));
        }
        if let Some(u) = &c.url {
            fields.push(("url", u.clone()));
        }
        let mut out = format!("@misc{{{},\n", c.key);
        for (name, value) in fields {
            out.push_str(&format!("  {name} = {{{}}},\n", bibtex_escape(&value)));
        }
        out.push_str("}\n");
        out
    }

    fn bibtex_escape(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for ch in s.chars() {
            match ch {
                '\\' => out.push_str("\\textbackslash{}"),
                '{' | '}' | '%' | '&' | '$' | '#' | '_' => {
                    out.push('\\');
                    out.push(ch);
                }
                '^' => out.push_str("\\^{}"),
                '~' => out.push_str("\\~{}"),
                '\n' | '\r' => out.push(' '),
                _ => out.push(ch),
            }
        }
        out
    }

    pub fn csl_json(citations: &[Citation]) -> String {
        let items: Vec<Value> = citations.iter().map(csl_item).collect();
        let mut out = serde_json::to_string_pretty(&Value::Array(items)).unwrap_or_default();
        out.push('\n');
        out
    }

    fn csl_item(c: &Citation) -> Value {
        let mut item = json!({
            "id": c.key,
            "type": "manuscript",
            "title": if c.title.is_empty() { c.label.clone() } else { format!("{}. {}", c.label, c.title) },
            "container-title": c.edition,
        });
        let Some(map) = item.as_object_mut() else {
            return item;
        };
        let parts: Vec<Value> = c.date_parts.iter().filter_map(|d| date_parts(d)).collect();
        if !parts.is_empty() {
            map.insert("issued".into(), json!({ "date-parts": parts }));
        } else if let Some(t) = &c.date_text {
            map.insert("issued".into(), json!({ "literal": t }));
        }
        if let Some(e) = &c.editor {
            map.insert("editor".into(), json!([{ "literal": e }]));
        }
        let strings = [
            ("number", &c.number),
            ("publisher", &c.publisher),
            ("archive", &c.archive),
            ("archive-place", &c.archive_place),
            ("archive_location", &c.shelfmark),
            ("language", &c.language),
            ("URL", &c.url),
        ];
        for (variable, value) in strings {
            if let Some(value) = value {
                map.insert(variable.into(), json!(value));
            }
        }
        item
    }

    fn date_parts(iso: &str) -> Option<Value> {
        let parts: Option<Vec<i64>> = iso.split('-').map(|p| p.parse().ok()).collect();
        parts.filter(|p| !p.is_empty()).map(|p| json!(p))
    }
}

/// Text that reaches every branch of the escapes: TeX's and JSON's
/// special characters, control characters, line breaks, dots (trimmed at
/// the end of some parts), non-ASCII letters, and anything else.
fn text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        "\\",
        "{",
        "}",
        "%",
        "&",
        "$",
        "#",
        "_",
        "^",
        "~",
        "\n",
        "\r",
        "\"",
        "\t",
        "\u{0}",
        "\u{1f}",
        "\u{7f}",
        "\u{2028}",
        ".",
        ". ",
        " ",
        "Ереван",
        "é",
        "a",
    ])
    .prop_map(String::from);
    let piece = prop_oneof![special, any::<String>(), "[ -~]{0,6}"];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

/// An ISO date, a malformed one, or any text.
fn iso_date() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?",
        "[0-9x+-]{0,12}",
        "99999999999999999999",
        text(),
    ]
}

prop_compose! {
    fn citation()(
        key in text(), label in text(), number in prop::option::of(text()),
        title in text(), date_text in prop::option::of(text()),
        date_parts in prop::collection::vec(iso_date(), 0..3),
        edition in text(), editor in prop::option::of(text()),
        publisher in prop::option::of(text()), language in prop::option::of(text()),
        archive in prop::option::of(text()), archive_place in prop::option::of(text()),
        shelfmark in prop::option::of(text()), url in prop::option::of(text()),
    ) -> Citation {
        Citation {
            key, label, number, title, date_text, date_parts, edition, editor,
            publisher, language, archive, archive_place, shelfmark, url,
        }
    }
}

proptest! {
    #[test]
    fn direct_writers_match_the_writers_they_replaced(
        citations in prop::collection::vec(citation(), 0..3)
    ) {
        let csl = csl_json(&citations);
        prop_assert_eq!(&csl, &reference::csl_json(&citations));
        let parsed: Value = serde_json::from_str(&csl).expect("CSL-JSON parses");
        prop_assert_eq!(parsed.as_array().map(Vec::len), Some(citations.len()));
        prop_assert_eq!(bibtex(&citations), reference::bibtex(&citations));
        for c in &citations {
            prop_assert_eq!(citation_text(c), reference::citation_text(c));
            let line = citation_line(c);
            prop_assert_eq!(
                line,
                reference::citation_text(&Citation { url: None, ..c.clone() })
            );
        }
    }
}

proptest! {
    #[test]
    fn json_strings_are_escaped_as_serde_json_escapes(
        pieces in prop::collection::vec(prop_oneof![text(), "[\u{0}-\u{7f}]{0,8}"], 0..4)
    ) {
        let mut direct = String::new();
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        push_json_string(&pieces, &mut direct);
        let joined = pieces.concat();
        prop_assert_eq!(&direct, &serde_json::to_string(&joined).expect("a string serialises"));
        let parsed: String = serde_json::from_str(&direct).expect("the JSON string parses");
        prop_assert_eq!(parsed, joined);
    }
}

/// Every ASCII character alone, each control character among them: the
/// escapes serde_json writes, to the byte.
#[test]
fn every_ascii_character_is_escaped_as_serde_json_escapes() {
    for byte in 0u8..=0x7f {
        let s = format!("a{}b", char::from(byte));
        let mut direct = String::new();
        push_json_string(&[&s], &mut direct);
        assert_eq!(
            direct,
            serde_json::to_string(&s).unwrap_or_default(),
            "{byte:#x}"
        );
    }
}

/// Citations whose fields the writers treat apart: a date range, a date
/// with no numbers (the text goes to `literal`), no title, every optional
/// field absent, escapes in every field.
#[test]
fn direct_writers_match_on_chosen_citations() {
    let full = Citation {
        key: "d1".into(),
        label: "No. 1".into(),
        number: Some("1".into()),
        title: "Letter from A to B on {x} & \"y\" \\ z.".into(),
        date_text: Some("5 Nov.\t1920".into()),
        date_parts: vec!["1920-11-05".into(), "1920-11-30".into()],
        edition: "Papers_1920.".into(),
        editor: Some("C. D. ~ E^".into()),
        publisher: Some("Press\r\n#1".into()),
        language: Some("en".into()),
        archive: Some("Archive $".into()),
        archive_place: Some("Baku\u{1}".into()),
        shelfmark: Some("f. 1, op. 2.".into()),
        url: Some("https://example.org/d1.html?a=1&b=%20".into()),
    };
    let cases = [
        full.clone(),
        Citation {
            date_parts: vec!["19x0".into()],
            title: String::new(),
            ..full.clone()
        },
        Citation {
            date_parts: vec!["1921".into()],
            ..Citation::default()
        },
        Citation::default(),
    ];
    for c in &cases {
        let one = std::slice::from_ref(c);
        assert_eq!(csl_json(one), reference::csl_json(one), "{c:?}");
        assert_eq!(bibtex(one), reference::bibtex(one), "{c:?}");
        assert_eq!(citation_text(c), reference::citation_text(c), "{c:?}");
    }
    assert_eq!(csl_json(&cases), reference::csl_json(&cases));
    assert_eq!(bibtex(&cases), reference::bibtex(&cases));
    assert_eq!(csl_json(&[]), "[]\n");
}
