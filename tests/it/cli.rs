//! The `teikit` binary: exit codes, messages, bad input, atomic output.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::{codes, root, stderr, teikit};

fn sample() -> String {
    root()
        .join("tests/fixtures/barsegov-555-570.txt")
        .display()
        .to_string()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn convert_bytes(bytes: &[u8]) -> (Output, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let src = write(dir.path(), "src.txt", bytes);
    let out = dir.path().join("out.xml");
    let o = teikit(&[
        "convert",
        src.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--diagnostics",
        "json",
    ]);
    (o, out, dir)
}

#[test]
fn converts_the_sample_with_warnings_and_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sample.xml");
    let o = teikit(&[
        "convert",
        &sample(),
        "-o",
        out.to_str().unwrap(),
        "--diagnostics",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(codes(&o).len(), 10);
    let xml = std::fs::read_to_string(&out).unwrap();
    assert_eq!(xml.matches("<div type=\"document\"").count(), 15);
    // --deny-warnings turns the warnings into a failure.
    let o = teikit(&[
        "convert",
        &sample(),
        "-o",
        out.to_str().unwrap(),
        "--deny-warnings",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn json_diagnostics_have_the_documented_fields() {
    let o = teikit(&[
        "convert",
        &sample(),
        "-o",
        "-",
        "--diagnostics",
        "json",
        "-q",
    ]);
    let first: serde_json::Value =
        serde_json::from_str(stderr(&o).lines().next().unwrap()).unwrap();
    for key in [
        "code",
        "severity",
        "message",
        "help",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["code"], "teikit::source::leading-fragment");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(3), Some(620))
    );
    // -o - writes the TEI to standard output.
    assert!(String::from_utf8_lossy(&o.stdout).starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?xml-model href=\"teikit-edition.rng\""
    ));
}

#[test]
fn human_diagnostics_show_code_location_and_help() {
    let o = teikit(&["convert", &sample(), "-o", "-", "-q"]);
    let err = stderr(&o);
    assert!(err.contains("teikit::source::missing-number"));
    assert!(err.contains("barsegov-555-570.txt:13:1"), "{err}");
    assert!(err.contains("help: add the line \"No. 558\" before line 13 to confirm"));
}

#[test]
fn not_utf8_names_the_byte_offset() {
    let (o, out, _dir) =
        convert_bytes(b"No. 1\nTitle 1 May 1920\nText \xff here. RGVA, f. 1, op. 1, d. 1, p. 1.\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("invalid byte at offset 28"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

#[test]
fn utf16_that_does_not_decode_is_refused_naming_utf16() {
    // UTF-16 is decoded now (tests/it/safety.rs); an unpaired surrogate is not.
    let (o, out, _dir) = convert_bytes(b"\xff\xfeN\x00o\x00\x00\xd8");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("UTF-16"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn bom_and_crlf_are_accepted() {
    let text = "\u{feff}No. 7\r\nTelegram from A to B 1 May 1920\r\nText of it. RGVA, f. 1, op. 2, d. 3, p. 4. Copy.\r\n";
    let (o, out, _dir) = convert_bytes(text.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(codes(&o).is_empty(), "{:?}", codes(&o));
    let xml = std::fs::read_to_string(out).unwrap();
    assert!(xml.contains("<p>Text of it.</p>"));
    assert!(!xml.contains('\r'));
}

#[test]
fn empty_sources_are_errors_and_documentless_ones_one_document() {
    let (o, out, _dir) = convert_bytes(b"  \n\n");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(codes(&o), ["teikit::input::empty"]);
    assert!(!out.exists());
    // No number line, title or citation: one document, with a warning.
    let (o, out, _dir) = convert_bytes(b"Just a line of prose.\nAnd another.\n");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(codes(&o).contains(&"teikit::source::no-structure".to_string()));
    let xml = std::fs::read_to_string(out).unwrap();
    assert_eq!(xml.matches("<div type=\"document\"").count(), 1, "{xml}");
    assert!(xml.contains("And another."));
}

#[test]
fn nul_bytes_are_refused() {
    let (o, out, _dir) = convert_bytes(b"No. 1\nTitle 1 May 1920\x00\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn unknown_lines_are_kept_with_a_warning() {
    let text = "No. 1\nTelegram from A to B 1 May 1920\nText. RGVA, f. 1, op. 2, d. 3, p. 4.\nA stray line between documents\nNo. 2\nLetter from C to D 2 May 1920\nMore text. RGVA, f. 1, op. 2, d. 3, p. 5.\n";
    let (o, out, _dir) = convert_bytes(text.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(codes(&o), ["teikit::source::unknown-line"]);
    assert!(
        std::fs::read_to_string(out)
            .unwrap()
            .contains("<p>A stray line between documents</p>")
    );
}

#[test]
fn missing_citation_and_missing_dateline_are_reported() {
    let text = "No. 1\nTelegram from A to B\nText without citation.\nNo. 2\nLetter from C to D 2 May 1920\nMore text. RGVA, f. 1, op. 2, d. 3, p. 5.\n";
    let (o, _, _dir) = convert_bytes(text.as_bytes());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        codes(&o),
        [
            "teikit::source::missing-citation",
            "teikit::source::missing-dateline"
        ]
    );
}

#[test]
fn a_fused_number_starts_the_next_document() {
    let text = "No. 11\nTelegram from A to B 1 May 1920\nText. RGVA, f. 1, op. 2, d. 3, p. 12. 12\nLetter from C to D 2 May 1920\nMore text. RGVA, f. 1, op. 2, d. 3, p. 13.\n";
    let (o, out, _dir) = convert_bytes(text.as_bytes());
    assert_eq!(codes(&o), ["teikit::source::fused-number"]);
    let xml = std::fs::read_to_string(out).unwrap();
    assert!(
        xml.contains("<div type=\"document\" n=\"12\" xml:id=\"d12\">"),
        "{xml}"
    );
    assert!(xml.contains("p. 12</citedRange>"));
}

#[test]
fn unwritable_output_is_an_error_and_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/dir/out.xml");
    let o = teikit(&["convert", &sample(), "-o", missing.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("teikit::io::write-failed"));
    // An existing output is replaced only by a complete file; with an error before writing, it stays.
    let out = write(dir.path(), "out.xml", b"old content");
    let bad = write(dir.path(), "bad.txt", b"");
    let o = teikit(&[
        "convert",
        bad.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&out).unwrap(), b"old content");
}

#[test]
fn missing_input_is_an_io_error() {
    let o = teikit(&["convert", "/nonexistent/source.txt", "-q"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("teikit::io::read-failed"));
}

#[test]
fn bad_configs_are_rejected_with_their_location() {
    let dir = tempfile::tempdir().unwrap();
    for (name, toml, expect) in [
        (
            "unknown-key.toml",
            "[edition]\ntitel = \"x\"\n",
            "unknown field `titel`",
        ),
        (
            "wrong-type.toml",
            "[conventions]\nnumber_lines = 5\n",
            "invalid type",
        ),
        ("not-toml.toml", "[edition\n", "invalid"),
    ] {
        let cfg = write(dir.path(), name, toml.as_bytes());
        let o = teikit(&[
            "convert",
            &sample(),
            "--config",
            cfg.to_str().unwrap(),
            "-o",
            "-",
            "--diagnostics",
            "short",
        ]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = stderr(&o);
        assert!(
            err.contains("teikit::config::invalid") && err.contains(expect),
            "{name}: {err}"
        );
        assert!(err.contains(&format!("{name}:")), "{name} located: {err}");
    }
}

#[test]
fn split_writes_one_valid_file_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("split");
    let o = teikit(&["convert", &sample(), "--split", out.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 15);
    assert!(
        names.contains(&"d562.xml".to_string()) && names.contains(&"fragment-1.xml".to_string())
    );
    let d562 = std::fs::read_to_string(out.join("d562.xml")).unwrap();
    assert!(d562.contains("<msDesc ana=\"#status-copy\">"));
    if let Some(r) = support::jing(&d562, &support::tei_all()) {
        r.expect("a split file is valid");
    }
}

#[test]
fn export_refuses_a_non_empty_directory_without_force() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "keep.txt", b"mine");
    let o = teikit(&[
        "export",
        &sample(),
        "--to",
        "html",
        "-o",
        dir.path().to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already holds files"));
    let o = teikit(&[
        "export",
        &sample(),
        "--to",
        "html",
        "-o",
        dir.path().to_str().unwrap(),
        "-q",
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(dir.path().join("index.html").exists() && dir.path().join("keep.txt").exists());
}

#[test]
fn export_text_of_a_source_gives_the_source_back() {
    let o = teikit(&["export", &sample(), "--to", "text", "-o", "-", "-q"]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).unwrap();
    let source = support::fixture("barsegov-555-570.txt");
    assert!(source.contains(&text[..text.len() - 1]));
}

#[test]
fn malformed_tei_is_an_error_with_position() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "bad.xml",
        b"<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n  <text><body></text>\n</TEI>\n",
    );
    let o = teikit(&[
        "export",
        bad.to_str().unwrap(),
        "--to",
        "text",
        "-o",
        "-",
        "--diagnostics",
        "short",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("teikit::xml::not-well-formed") && err.contains("bad.xml:2:"),
        "{err}"
    );
}

#[test]
fn help_lists_the_commands_with_examples() {
    let o = teikit(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!("cli_help", String::from_utf8_lossy(&o.stdout));
    let o = teikit(&["convert"]);
    assert_eq!(o.status.code(), Some(2), "usage error");
}

#[test]
fn a_batch_goes_on_past_a_bad_file_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("sources");
    std::fs::create_dir_all(src.join("nested")).unwrap();
    let good = support::fixture("barsegov-555-570.txt");
    for i in 0..5 {
        write(&src, &format!("good{i}.txt"), good.as_bytes());
    }
    // Neither UTF-8 nor UTF-16 (a lone 0xFF in ASCII text): refused.
    write(&src.join("nested"), "bad.txt", b"No. 1\nText \xff more.\n");
    write(&src, "ignored.md", b"not a source");
    let out = dir.path().join("out");
    let o = teikit(&[
        "convert",
        src.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--diagnostics",
        "json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "one bad file makes the batch fail"
    );
    let err = stderr(&o);
    assert!(err.contains("6 files (1 failed), 75 documents"), "{err}");
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "good0.xml",
            "good1.xml",
            "good2.xml",
            "good3.xml",
            "good4.xml"
        ]
    );
    let o = teikit(&["convert", src.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(2), "several sources need --out-dir");
}

#[test]
fn completions_and_man_page_come_from_the_command_definitions() {
    let o = teikit(&["completions", "bash"]);
    assert_eq!(o.status.code(), Some(0));
    let script = String::from_utf8_lossy(&o.stdout);
    assert!(script.contains("convert") && script.contains("--out-dir"));
    let o = teikit(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains(".TH teikit"));
}

#[test]
fn export_many_inputs_into_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("in");
    std::fs::create_dir_all(&src).unwrap();
    write(
        &src,
        "a.txt",
        support::fixture("barsegov-555-570.txt").as_bytes(),
    );
    std::fs::copy(root().join("tei/edition.xml"), src.join("b.xml")).unwrap();
    write(&src, "broken.xml", b"<TEI><text>");
    let out = dir.path().join("site");
    let o = teikit(&[
        "export",
        src.to_str().unwrap(),
        "--to",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "the broken input fails the batch");
    assert!(
        stderr(&o).contains("3 inputs (1 failed), 29 documents"),
        "{}",
        stderr(&o)
    );
    assert!(out.join("a/index.html").exists() && out.join("b/d306.html").exists());
    assert!(!out.join("broken").exists());
    let out = dir.path().join("json");
    let o = teikit(&[
        "export",
        src.join("a.txt").to_str().unwrap(),
        src.join("b.xml").to_str().unwrap(),
        "--to",
        "json",
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("b.json")).unwrap()).unwrap();
    assert_eq!(json["schema"], "teikit-model/1");
}

/// Without the `pdf` feature a PDF standard changes nothing: the PDF export
/// still refuses with the feature-missing code and exit 2, writing nothing.
#[cfg(not(feature = "pdf"))]
#[test]
fn pdf_standard_without_the_pdf_feature_is_feature_missing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("edition.pdf");
    for standard in ["a-2b", "a-3b", "ua-1"] {
        let o = teikit(&[
            "export",
            &sample(),
            "--to",
            "pdf",
            "--pdf-standard",
            standard,
            "--date",
            "2026-01-01",
            "-o",
            out.to_str().unwrap(),
            "--diagnostics",
            "json",
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            codes(&o).contains(&"teikit::build::feature-missing".to_string()),
            "{:?}",
            codes(&o)
        );
        assert!(!out.exists());
    }
    let o = teikit(&["export", &sample(), "--to", "pdf", "--pdf-standard", "a-9z"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown standard is a usage error"
    );
    // A standard needs a creation date: without --date, a usage error naming it.
    let o = teikit(&["export", &sample(), "--to", "pdf", "--pdf-standard", "a-2b"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--date"), "{}", stderr(&o));
}

/// `teikit codes` lists every registered code (the registry, src/codes.rs),
/// each with a severity and a meaning; its output is kept stable.
#[test]
fn codes_lists_every_registered_code() {
    let o = teikit(&["codes"]);
    assert!(o.status.success());
    let listing = String::from_utf8_lossy(&o.stdout).into_owned();
    for code in teikit::codes::all() {
        let line = listing
            .lines()
            .find(|l| l.split_whitespace().next() == Some(code.code))
            .unwrap_or_else(|| panic!("{} is not listed", code.code));
        assert!(
            line.contains(code.severity) && line.contains(code.what),
            "{line}"
        );
    }
    for must in [
        "teikit::rules::duplicate-id",
        "teikit::io::output-is-input",
        "teikit::xml::entity",
    ] {
        assert!(listing.contains(must), "{must} missing");
    }
    insta::assert_snapshot!("codes_listing", listing);
}
