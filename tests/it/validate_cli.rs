//! `teikit validate` end to end: exit codes, the output formats, CI
//! safety (no input is an error) and hostile input.

use std::path::Path;
use std::process::{Command, Output};

const FIXTURES: &str = "tests/fixtures/validate";

fn teikit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_teikit"))
        .args(args)
        .output()
        .expect("teikit runs")
}

fn fixture(name: &str) -> String {
    Path::new(FIXTURES).join(name).display().to_string()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn valid_files_exit_zero_with_a_summary() {
    let output = teikit(&[
        "validate",
        &fixture("minimal-valid.xml"),
        &fixture("rules/pass.xml"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("2 files, 2 valid, 0 invalid, 0 errors"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn json_lines_name_file_position_code_severity_message() {
    let output = teikit(&[
        "validate",
        "--format",
        "json",
        &fixture("schema-invalid.xml"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() >= 4, "{lines:#?}");
    for line in &lines {
        for key in ["file", "line", "column", "code", "severity", "message"] {
            assert!(line.get(key).is_some(), "{key} missing in {line}");
        }
    }
    let codes: Vec<&str> = lines.iter().map(|l| l["code"].as_str().unwrap()).collect();
    for expected in [
        "teikit::schema::incomplete-element",
        "teikit::schema::unexpected-attribute",
        "teikit::schema::unexpected-element",
    ] {
        assert!(codes.contains(&expected), "{codes:?}");
    }
    // The misplaced <p> inside <list>: line 24, and the help names what <list> allows.
    let misplaced = lines
        .iter()
        .find(|l| {
            l["message"]
                .as_str()
                .unwrap()
                .contains("<p> not allowed here (in <list>)")
        })
        .expect("misplaced p reported");
    assert_eq!(misplaced["line"], 24);
    // The help shows the first dozen of the names <list> allows there;
    // `expected` lists them all.
    assert!(misplaced["help"].as_str().unwrap().contains("\"addSpan\""));
    let expected = misplaced["expected"].as_array().unwrap();
    assert!(expected.iter().any(|e| e == "item"), "{expected:?}");
    assert!(!expected.iter().any(|e| e == "p"), "{expected:?}");
    assert!(stderr(&output).contains("1 files, 0 valid, 1 invalid"));
}

#[test]
fn github_format_is_workflow_commands() {
    let output = teikit(&[
        "validate",
        "--format",
        "github",
        &fixture("schema-invalid.xml"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(!text.is_empty());
    for line in text.lines() {
        assert!(line.starts_with("::error file="), "{line}");
        assert!(line.contains(",line=") && line.contains(",col="), "{line}");
    }
}

#[test]
fn no_input_is_a_usage_error() {
    assert_eq!(teikit(&["validate"]).status.code(), Some(2));
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("notes.txt"), "not xml").unwrap();
    let output = teikit(&["validate", &empty.path().display().to_string()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no XML file"));
}

#[test]
fn a_directory_is_searched_for_xml_files() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a");
    std::fs::create_dir(&nested).unwrap();
    std::fs::copy(fixture("minimal-valid.xml"), nested.join("one.xml")).unwrap();
    std::fs::copy(fixture("schema-invalid.xml"), dir.path().join("two.xml")).unwrap();
    let output = teikit(&["validate", &dir.path().display().to_string()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("2 files, 1 valid, 1 invalid"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn unreadable_file_is_exit_two() {
    let output = teikit(&["validate", "/nonexistent/file.xml"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn malformed_xml_is_reported_at_its_position() {
    let output = teikit(&["validate", "--format", "json", &fixture("malformed.xml")]);
    assert_eq!(output.status.code(), Some(1));
    let line: serde_json::Value =
        serde_json::from_str(stdout(&output).lines().next().unwrap()).unwrap();
    assert_eq!(line["code"], "teikit::xml::not-well-formed");
    assert_eq!(line["line"], 29);
}

#[test]
fn a_schema_that_does_not_load_names_its_location() {
    let output = teikit(&[
        "validate",
        "--schema",
        "/nonexistent/s.rng",
        &fixture("minimal-valid.xml"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("/nonexistent/s.rng"),
        "{}",
        stderr(&output)
    );
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.rng");
    std::fs::write(&broken, "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\"><start><ref name=\"nowhere\"/></start></grammar>").unwrap();
    let shown = broken.display().to_string();
    let output = teikit(&[
        "validate",
        "--schema",
        &shown,
        &fixture("minimal-valid.xml"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(&shown), "{}", stderr(&output));
}

#[test]
fn schema_alone_ignores_rules_unless_asked() {
    let file = fixture("rules/dangling-pointer-fail.xml");
    let alone = teikit(&["validate", "--schema", "schemas/tei_all.rng", &file]);
    assert_eq!(alone.status.code(), Some(0), "{}", stdout(&alone));
    let with_rules = teikit(&[
        "validate",
        "--schema",
        "schemas/tei_all.rng",
        "--rules",
        &file,
    ]);
    assert_eq!(with_rules.status.code(), Some(1));
    assert!(stdout(&with_rules).contains("teikit::rules::dangling-pointer"));
    let default = teikit(&["validate", &file]);
    assert_eq!(default.status.code(), Some(1));
}

#[test]
fn hostile_input_is_refused_not_expanded() {
    let dir = tempfile::tempdir().unwrap();
    let mut laughs =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE TEI [\n<!ENTITY l0 \"lol\">\n");
    for i in 1..12 {
        laughs.push_str(&format!(
            "<!ENTITY l{i} \"{}\">\n",
            format!("&l{};", i - 1).repeat(10)
        ));
    }
    laughs.push_str("]>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">&l11;</TEI>\n");
    let bomb = dir.path().join("bomb.xml");
    std::fs::write(&bomb, laughs).unwrap();
    let external = dir.path().join("external.xml");
    std::fs::write(
        &external,
        "<!DOCTYPE TEI [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">&x;</TEI>",
    )
    .unwrap();
    let deep = dir.path().join("deep.xml");
    std::fs::write(
        &deep,
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">".to_string() + &"<p>".repeat(100_000),
    )
    .unwrap();
    for (path, code) in [
        (&bomb, "teikit::xml::entity"),
        (&external, "teikit::xml::entity"),
        (&deep, "teikit::xml::too-deep"),
    ] {
        let output = teikit(&["validate", "--format", "json", &path.display().to_string()]);
        assert_eq!(output.status.code(), Some(1), "{}", path.display());
        let text = stdout(&output);
        assert!(text.contains(code), "{}: {text}", path.display());
        assert!(!text.contains("root:"), "external entity must not be read");
    }
}

#[test]
fn rules_lists_every_code_with_a_description() {
    let output = teikit(&["rules"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    for rule in teikit::validate::rules::REGISTRY {
        assert!(text.contains(rule.code) && text.contains(rule.description));
    }
}

#[test]
fn a_file_declaring_the_profile_is_checked_against_it() {
    let text = std::fs::read_to_string(fixture("profile-edition.xml")).unwrap();
    assert!(text.contains("teikit-edition.rng"));
    // A document without its head: tei_all accepts it, the profile does not.
    let start = text.find("<head>Telegram from").unwrap();
    let end = start + text[start..].find("</head>").unwrap() + "</head>".len();
    let headless = format!("{}{}", &text[..start], &text[end..]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("headless.xml");
    std::fs::write(&path, headless).unwrap();
    let shown = path.display().to_string();
    assert_eq!(
        teikit(&["validate", &fixture("profile-edition.xml")])
            .status
            .code(),
        Some(0)
    );
    let profile = teikit(&["validate", "--format", "json", &shown]);
    assert_eq!(profile.status.code(), Some(1), "{}", stdout(&profile));
    let line: serde_json::Value =
        serde_json::from_str(stdout(&profile).lines().next().unwrap()).unwrap();
    assert_eq!(line["line"], 69, "the document div");
    let tei_all = teikit(&["validate", "--schema", "schemas/tei_all.rng", &shown]);
    assert_eq!(tei_all.status.code(), Some(0), "{}", stdout(&tei_all));
}

#[test]
fn what_xml_1_0_forbids_is_refused_as_jing_and_xmllint_refuse_it() {
    let dir = tempfile::tempdir().unwrap();
    let tei = |body: &str| format!("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">{body}</TEI>");
    let attributes: String = (0..40_000).map(|i| format!(" a{i}=\"v\"")).collect();
    let cases = [
        ("raw-control.xml", tei("<p>a\u{1}b</p>")),
        ("reference-fffe.xml", tei("<p>a&#xFFFE;b</p>")),
        ("duplicate-attribute.xml", tei("<p n=\"1\" n=\"2\">x</p>")),
        (
            "many-attributes-one-twice.xml",
            tei(&format!("<p{attributes} a7=\"w\">x</p>")),
        ),
    ];
    for (name, text) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let output = teikit(&["validate", "--format", "json", &path.display().to_string()]);
        assert_eq!(output.status.code(), Some(1), "{name}");
        let lines: Vec<serde_json::Value> = stdout(&output)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 1, "{name}: {lines:?}");
        assert_eq!(lines[0]["code"], "teikit::xml::not-well-formed", "{name}");
    }
}

#[test]
fn an_error_beyond_the_first_windows_of_a_large_file_keeps_its_line() {
    // 20 MB of paragraphs before the error: the file is read in windows
    // released behind the reader, and re-read for the report.
    let text = std::fs::read_to_string(fixture("minimal-valid.xml")).unwrap();
    let (head, tail) = text.split_at(text.find("<p><gap").unwrap());
    let filler = "<p>Paragraph text to fill the file, past the windows.</p>\n".repeat(350_000);
    let lines_before = head.matches('\n').count() + filler.matches('\n').count();
    let large = format!("{head}{filler}<p><bogus/></p>\n{tail}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.xml");
    std::fs::write(&path, &large).unwrap();
    let output = teikit(&[
        "validate",
        "--format",
        "json",
        "--schema",
        "schemas/tei_all.rng",
        // The streaming RELAX NG pass is what this test is about; Schematron
        // on 350,000 paragraphs needs a tree and minutes in a debug build.
        "--no-schematron",
        path.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let line: serde_json::Value =
        serde_json::from_str(stdout(&output).lines().next().unwrap()).unwrap();
    assert_eq!(line["line"], lines_before + 1, "{line}");
    assert_eq!(line["column"], 4, "{line}");
    assert!(
        line["message"].as_str().unwrap().contains("bogus"),
        "{line}"
    );
}

#[test]
fn every_command_takes_every_diagnostics_format_under_either_name() {
    // validate's --format and the other commands' --diagnostics are one option:
    // either name, the same four formats, the same lines.
    let invalid = fixture("schema-invalid.xml");
    let github = stdout(&teikit(&["validate", &invalid, "--format", "github"]));
    let alias = stdout(&teikit(&["validate", &invalid, "--diagnostics", "github"]));
    assert!(github.starts_with("::error file="), "{github}");
    assert_eq!(github, alias);
    let short = stdout(&teikit(&["validate", &invalid, "--format", "short"]));
    let first = short.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&format!("{invalid}:")) && first.contains(": error[teikit::"),
        "{short}"
    );
    assert_eq!(short.lines().count(), github.lines().count(), "{short}");
    // convert prints GitHub workflow commands too (the variants give warnings).
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("v.xml").display().to_string();
    let convert = teikit(&[
        "convert",
        "tests/fixtures/variants.txt",
        "-o",
        &out,
        "--diagnostics",
        "github",
        "-q",
    ]);
    let printed = stderr(&convert);
    assert!(!printed.is_empty(), "no diagnostics to print");
    for line in printed.lines() {
        assert!(line.starts_with("::"), "{line}");
        assert!(
            line.contains("file=tests/fixtures/variants.txt,line="),
            "{line}"
        );
    }
}

#[test]
fn a_directory_yields_its_xml_files_whatever_the_case_of_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("minimal-valid.xml"), dir.path().join("ONE.XML")).unwrap();
    std::fs::copy(fixture("schema-invalid.xml"), dir.path().join("two.Xml")).unwrap();
    let output = teikit(&["validate", &dir.path().display().to_string()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("2 files, 1 valid, 1 invalid"),
        "{}",
        stderr(&output)
    );
}

/// `validate` with its compiled-schema cache in `cache` (stdout, exit code).
fn validate_cached(cache: &Path, args: &[&str]) -> (String, Option<i32>) {
    let output = Command::new(env!("CARGO_BIN_EXE_teikit"))
        .env("TEIKIT_CACHE_DIR", cache)
        .arg("validate")
        .args(args)
        .output()
        .expect("teikit runs");
    (stdout(&output), output.status.code())
}

fn cache_entries(cache: &Path) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(cache)
        .map(|l| l.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}

#[test]
fn the_compiled_schema_cache_changes_no_verdict() {
    let cache = tempfile::tempdir().unwrap();
    let invalid = fixture("schema-invalid.xml");
    let valid = fixture("minimal-valid.xml");
    let args = [
        "--format",
        "json",
        "--schema",
        "schemas/tei_all.rng",
        &invalid,
        &valid,
    ];
    let off = Command::new(env!("CARGO_BIN_EXE_teikit"))
        .env("TEIKIT_CACHE_DIR", "")
        .arg("validate")
        .args(args)
        .output()
        .unwrap();
    let expect = (stdout(&off), off.status.code());
    assert_eq!(expect.1, Some(1));
    assert!(expect.0.contains("teikit::schema::unexpected-element"));
    // The first run writes the entry, the second reads it.
    assert_eq!(validate_cached(cache.path(), &args), expect);
    let entries = cache_entries(cache.path());
    assert_eq!(entries.len(), 1, "{entries:?}");
    let written = std::fs::read(&entries[0]).unwrap();
    assert_eq!(validate_cached(cache.path(), &args), expect);
    // A damaged entry is ignored and replaced.
    std::fs::write(&entries[0], &written[..written.len() / 2]).unwrap();
    assert_eq!(validate_cached(cache.path(), &args), expect);
    assert_eq!(std::fs::read(&entries[0]).unwrap().len(), written.len());
    // The shipped schemas (no --schema) are cached too.
    let shipped = validate_cached(cache.path(), &["--format", "json", &valid]);
    assert_eq!(shipped.1, Some(0));
    assert!(cache_entries(cache.path()).len() > 1);
    assert_eq!(
        validate_cached(cache.path(), &["--format", "json", &valid]),
        shipped
    );
}
