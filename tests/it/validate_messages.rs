//! Messages as exact as jing's: at an error the expected set is what the
//! schema allows at that point (jing's own list, taken by running jing on
//! the fixture), the span is the offending tag, and one mistake gives one
//! error. `--format json` carries the set as `expected`.

use std::process::Command;

use teikit::validate::{Schema, ValidateOptions, validate_text};

const FIXTURE: &str = "tests/fixtures/validate/messages.xml";

fn diagnostics() -> (String, Vec<teikit::diagnostic::Diagnostic>) {
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    // jing's messages: RELAX NG alone (jing does not run the Schematron).
    let schema = Schema::tei_all().unwrap().without_schematron();
    let options = ValidateOptions {
        schema: &schema,
        profile: None,
        rules: false,
    };
    let found = validate_text(&text, &options);
    (text, found)
}

#[test]
fn misplaced_element_lists_what_jing_lists_and_nothing_more() {
    let (text, found) = diagnostics();
    // jing: element "date" not allowed yet; expected element "ab",
    // "authority", "distributor", "p" or "publisher"
    let date = &found[0];
    assert_eq!(date.code, "teikit::schema::unexpected-element");
    assert_eq!(&text[date.span.start..date.span.end], "<date>");
    assert_eq!(
        date.expected,
        ["ab", "authority", "distributor", "p", "publisher"]
    );
    assert!(
        date.message.contains("(in <publicationStmt>)"),
        "{}",
        date.message
    );
    assert_eq!(
        date.help.as_deref(),
        Some(r#"expected element "ab", "authority", "distributor", "p" or "publisher""#)
    );
}

#[test]
fn unknown_element_in_mixed_content_expects_text_and_the_end_tag() {
    let (text, found) = diagnostics();
    let foo = &found[1];
    assert_eq!(&text[foo.span.start..foo.span.end], "<foo>");
    assert!(
        foo.message.contains("not allowed anywhere (in <p>)"),
        "{}",
        foo.message
    );
    // jing lists the same 207 element names (egXML in the Examples
    // namespace among them), text and the end-tag here.
    assert_eq!(foo.expected.len(), 207 + 2, "{:?}", foo.expected);
    assert!(
        foo.expected
            .iter()
            .any(|e| e == "{http://www.tei-c.org/ns/Examples}egXML")
    );
    for name in ["hi", "lg", "note", "text", "end-tag"] {
        assert!(foo.expected.iter().any(|e| e == name), "{name} missing");
    }
    assert!(!foo.expected.iter().any(|e| e == "p" || e == "div"));
}

#[test]
fn one_mistake_gives_one_error() {
    let (_, found) = diagnostics();
    let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
    // jing reports the same three: the misplaced date (publicationStmt is
    // not then "incomplete"), the unknown foo, the duplicate ID.
    assert_eq!(
        codes,
        [
            "teikit::schema::unexpected-element",
            "teikit::schema::unexpected-element",
            "teikit::schema::duplicate-id"
        ]
    );
}

#[test]
fn json_diagnostics_carry_the_expected_list() {
    let output = Command::new(env!("CARGO_BIN_EXE_teikit"))
        .args([
            "validate",
            "-q",
            "--format",
            "json",
            "--schema",
            "schemas/tei_all.rng",
            "--no-schematron",
            FIXTURE,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let first: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["line"], 6);
    assert_eq!(
        first["expected"],
        serde_json::json!(["ab", "authority", "distributor", "p", "publisher"])
    );
}
