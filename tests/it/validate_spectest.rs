//! Conformance: James Clark's RELAX NG test suite (`spectest.xml`, vendored
//! with its licence in tests/fixtures/rng-spectest/). Every incorrect schema
//! must fail to load (the CLI's exit 2), every correct one must load, and
//! every valid and invalid instance must get its verdict.

use std::path::{Path, PathBuf};
use std::process::Command;

use quick_xml::events::Event;
use quick_xml::reader::Reader;
use teikit::validate::{Schema, ValidateOptions, validate_text};

const SUITE: &str = "tests/fixtures/rng-spectest/spectest.xml";

#[derive(Default, Debug)]
struct Case {
    /// Line of the `<testCase>` in the suite.
    line: usize,
    resources: Vec<(PathBuf, String)>,
    schema: Option<(bool, String)>,
    valid: Vec<String>,
    invalid: Vec<String>,
}

/// The suite's text with its one entity (`&dii;`, markup) written out, as an
/// XML parser would expand it.
fn suite_text() -> String {
    let raw = std::fs::read_to_string(SUITE).expect("the vendored suite");
    let body_start = raw.find("<testSuite>").expect("a test suite");
    raw[body_start..].replace("&dii;", "<\u{E14}\u{E35}/>")
}

fn cases(text: &str) -> Vec<Case> {
    let mut reader = Reader::from_str(text);
    let mut cases = Vec::new();
    let mut case: Option<Case> = None;
    let mut dirs: Vec<String> = Vec::new();
    // (what, name, depth at which it closes, content start)
    let mut capture: Option<(String, String, usize, usize)> = None;
    let mut depth = 0usize;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().expect("the suite is well-formed");
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(tag) => {
                depth += 1;
                if capture.is_some() {
                    continue;
                }
                let name = tag.name().as_ref().to_string();
                let attr_name = tag
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "name")
                    .map(|a| a.value.to_string())
                    .unwrap_or_default();
                match name.as_str() {
                    "testCase" => {
                        let line = text[..before].matches('\n').count() + 1;
                        case = Some(Case {
                            line,
                            ..Case::default()
                        });
                    }
                    "dir" => dirs.push(attr_name),
                    "resource" | "correct" | "incorrect" | "valid" | "invalid" => {
                        capture = Some((name, attr_name, depth, after));
                    }
                    _ => {}
                }
            }
            Event::End(tag) => {
                if let Some((what, name, at, start)) = &capture
                    && *at == depth
                {
                    let content = text[*start..before].to_string();
                    if let Some(case) = case.as_mut() {
                        match what.as_str() {
                            "resource" => {
                                let mut path: PathBuf = dirs.iter().collect();
                                path.push(name);
                                case.resources.push((path, content));
                            }
                            "correct" => case.schema = Some((true, content)),
                            "incorrect" => case.schema = Some((false, content)),
                            "valid" => case.valid.push(content),
                            _ => case.invalid.push(content),
                        }
                    }
                    capture = None;
                } else if capture.is_none() {
                    match tag.name().as_ref() {
                        "testCase" => cases.extend(case.take()),
                        "dir" => {
                            dirs.pop();
                        }
                        _ => {}
                    }
                }
                depth -= 1;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    cases
}

/// Runs one case; each verdict is (description, right?).
fn run(case: &Case, dir: &Path) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for (path, text) in &case.resources {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, text).unwrap();
    }
    let Some((correct, schema_text)) = &case.schema else {
        return out;
    };
    let schema_path = dir.join("schema.rng");
    std::fs::write(&schema_path, schema_text).unwrap();
    let loaded = Schema::load(&schema_path);
    let what = format!(
        "line {}: {} schema",
        case.line,
        if *correct { "correct" } else { "incorrect" }
    );
    match (&loaded, correct) {
        (Ok(_), true) | (Err(_), false) => out.push((what, true)),
        (Ok(_), false) => out.push((format!("{what} accepted"), false)),
        (Err(e), true) => {
            out.push((format!("{what} refused: {e}"), false));
            let instances = case.valid.len() + case.invalid.len();
            out.extend(
                (0..instances).map(|i| (format!("{what}: instance {i} not checked"), false)),
            );
        }
    }
    let Ok(schema) = loaded else {
        return out;
    };
    let options = ValidateOptions {
        schema: &schema,
        profile: None,
        rules: false,
    };
    for (instances, expect_valid) in [(&case.valid, true), (&case.invalid, false)] {
        for (i, instance) in instances.iter().enumerate() {
            let diagnostics = validate_text(instance, &options);
            let valid = !diagnostics.iter().any(|d| d.is_error());
            let kind = if expect_valid { "valid" } else { "invalid" };
            let detail = diagnostics
                .first()
                .map(|d| format!(": {}", d.message))
                .unwrap_or_default();
            out.push((
                format!("line {}: {kind} instance {i}{detail}", case.line),
                valid == expect_valid,
            ));
        }
    }
    out
}

#[test]
fn relax_ng_test_suite() {
    let text = suite_text();
    let cases = cases(&text);
    assert_eq!(cases.len(), 385, "the suite has 385 test cases");
    let mut right = 0;
    let mut wrong = Vec::new();
    for case in &cases {
        let dir = tempfile::tempdir().unwrap();
        for (what, ok) in run(case, dir.path()) {
            if ok {
                right += 1;
            } else {
                wrong.push(what);
            }
        }
    }
    for what in &wrong {
        eprintln!("WRONG {what}");
    }
    let total = right + wrong.len();
    eprintln!("RELAX NG test suite: {right} of {total} verdicts right");
    // 385 schemas (172 correct, 213 incorrect), 289 valid, 291 invalid instances.
    assert_eq!(total, 385 + 289 + 291, "every verdict was taken");
    assert!(wrong.is_empty(), "{} verdicts wrong", wrong.len());
}

#[test]
fn an_incorrect_schema_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("bad.rng");
    std::fs::write(
        &schema,
        r#"<element xmlns="http://relaxng.org/ns/structure/1.0" name="foo"><define name="x"><text/></define><text/></element>"#,
    )
    .unwrap();
    let doc = dir.path().join("doc.xml");
    std::fs::write(&doc, "<foo/>").unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_teikit"))
        .args(["validate", "-q", "--schema"])
        .arg(&schema)
        .arg(&doc)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}
