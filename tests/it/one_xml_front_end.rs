//! `validate` and `export` read XML through one layer (`src/xml`): hostile and
//! edge inputs get the same well-formedness verdict, with the same code, from
//! both commands.

use crate::support;

use support::teikit;

/// The `teikit::xml::*` codes of a run (JSON lines on either stream:
/// `validate` reports on standard output, `export` on standard error): its
/// well-formedness verdict.
fn xml_codes(o: &std::process::Output) -> Vec<String> {
    let mut found: Vec<String> = [&o.stdout, &o.stderr]
        .into_iter()
        .flat_map(|bytes| {
            String::from_utf8_lossy(bytes)
                .into_owned()
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
        .filter_map(|v| v["code"].as_str().map(str::to_string))
        .filter(|c| c.starts_with("teikit::xml::"))
        .collect();
    found.sort();
    found.dedup();
    found
}

fn tei(body: &str) -> String {
    format!(
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader><text><body><p>{body}</p></body></text></TEI>\n"
    )
}

fn billion_laughs() -> String {
    let mut doctype = String::from("<!DOCTYPE TEI [<!ENTITY l0 \"lol\">");
    for i in 1..10 {
        let previous = format!("&l{};", i - 1).repeat(10);
        doctype.push_str(&format!("<!ENTITY l{i} \"{previous}\">"));
    }
    doctype.push_str("]>\n");
    doctype + &tei("&l9;")
}

#[test]
fn validate_and_export_give_the_same_well_formedness_verdict() {
    let cases: Vec<(&str, String, Option<&str>)> = vec![
        (
            "internal entity within budget",
            format!(
                "<!DOCTYPE TEI [<!ENTITY ed \"Yuri\">]>\n{}",
                tei("&ed; wrote")
            ),
            None,
        ),
        (
            "billion laughs",
            billion_laughs(),
            Some("teikit::xml::entity"),
        ),
        (
            "external entity",
            format!(
                "<!DOCTYPE TEI [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n{}",
                tei("&x;")
            ),
            Some("teikit::xml::entity"),
        ),
        (
            "undeclared entity",
            tei("&nbsp;"),
            Some("teikit::xml::entity"),
        ),
        (
            "forbidden character",
            tei("a\u{1}b"),
            Some("teikit::xml::not-well-formed"),
        ),
        (
            "forbidden character reference",
            tei("a&#xFFFE;b"),
            Some("teikit::xml::not-well-formed"),
        ),
        (
            "duplicate attribute",
            tei("<hi rend=\"a\" rend=\"b\">x</hi>"),
            Some("teikit::xml::not-well-formed"),
        ),
        (
            "undeclared prefix",
            tei("<x:hi>x</x:hi>"),
            Some("teikit::xml::not-well-formed"),
        ),
        (
            "too deep",
            tei(&format!("{}{}", "<hi>".repeat(400), "</hi>".repeat(400))),
            Some("teikit::xml::too-deep"),
        ),
        (
            "mismatched end tag",
            tei("<hi>x</seg>"),
            Some("teikit::xml::not-well-formed"),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (name, xml, expect)) in cases.iter().enumerate() {
        let input = dir.path().join(format!("case{i}.xml"));
        std::fs::write(&input, xml).unwrap();
        let input = input.to_str().unwrap();
        let output = dir.path().join(format!("case{i}.txt"));
        let validate = teikit(&["validate", "--format", "json", input]);
        let export = teikit(&[
            "export",
            input,
            "--to",
            "text",
            "-o",
            output.to_str().unwrap(),
            "--diagnostics",
            "json",
        ]);
        let expected: Vec<String> = expect.iter().map(|c| c.to_string()).collect();
        assert_eq!(xml_codes(&validate), expected, "validate, {name}");
        assert_eq!(xml_codes(&export), expected, "export, {name}");
        match expect {
            Some(_) => {
                assert_eq!(export.status.code(), Some(1), "export, {name}");
                assert_eq!(validate.status.code(), Some(1), "validate, {name}");
                assert!(!output.exists(), "{name}: nothing written");
            }
            None => {
                assert_eq!(export.status.code(), Some(0), "export, {name}");
                let text = std::fs::read_to_string(&output).unwrap();
                assert!(text.contains("Yuri wrote"), "{name}: {text}");
            }
        }
    }
}
