//! Helpers shared by the integration tests: fixtures, conversion, model walks,
//! external tools (jing); `builders` holds the hand-built model fixtures.
#![allow(dead_code)]

pub mod builders;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use teikit::config::Config;
use teikit::diagnostic::{Diagnostic, LineIndex, Rendered};
use teikit::model::{BlockKind, Document, Edition, Inline, InlineKind};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The TEI files the tests hold that are written by others or in other
/// shapes: teikit's example edition, then the `*.xml` of each folder, sorted.
/// The whole-reading tests (letters kept, same XML back) run on these.
pub fn real_tei_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("tei/edition.xml")];
    for dir in [
        "tests/fixtures/tei",
        "tests/fixtures/tei/foreign",
        "tests/fixtures/tei/probe",
    ] {
        files.extend(xml_files(dir));
    }
    files
}

/// The `*.xml` files directly in `dir` (relative to the crate), sorted.
pub fn xml_files(dir: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    found.sort();
    found
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures").join(name)).expect("fixture")
}

/// The config variants.txt is read with (docs/encoding.md §7).
pub fn variants_config() -> Config {
    Config::from_toml(
        r#"
[editor]
initials = ["Y.B.", "Yu.B."]
xml_id = "YB"
[conventions]
number_lines = ["No. {n}", "№ {n}", "№{n}", "{n}. {title}"]
note_anchors = ["asterisk", "digit"]
"#,
    )
    .expect("config")
}

pub fn convert(name: &str, config: &Config) -> (Edition, Vec<Diagnostic>, String) {
    let text = fixture(name);
    let (edition, diagnostics) = teikit::source::read_source(&text, name, config);
    (edition, diagnostics, text)
}

/// `line:col-line:col code` for each diagnostic.
pub fn positions(diagnostics: &[Diagnostic], text: &str) -> Vec<String> {
    let index = LineIndex::new(text);
    diagnostics
        .iter()
        .map(|d| {
            let r = Rendered::new(d, "f", &index);
            format!(
                "{}:{}-{}:{} {}",
                r.line, r.column, r.end_line, r.end_column, r.code
            )
        })
        .collect()
}

/// Visits every inline of a document (heads, opener, blocks, closers, notes), depth first.
pub fn walk(doc: &Document, f: &mut dyn FnMut(&Inline)) {
    fn inlines(list: &[Inline], f: &mut dyn FnMut(&Inline)) {
        for i in list {
            f(i);
            match &i.kind {
                InlineKind::Supplied(c)
                | InlineKind::RoleName(c)
                | InlineKind::Signed(c)
                | InlineKind::Hi { content: c, .. }
                | InlineKind::PersName { content: c, .. } => inlines(c, f),
                InlineKind::Note(n) => inlines(&n.content, f),
                InlineKind::Element(e) => inlines(&e.content, f),
                _ => {}
            }
        }
    }
    for h in &doc.heads {
        inlines(&h.content, f);
    }
    for b in &doc.blocks {
        match &b.kind {
            BlockKind::Paragraph(c) => inlines(c, f),
            BlockKind::List { items, .. } => items.iter().for_each(|i| inlines(&i.content, f)),
            BlockKind::Speech {
                speaker, content, ..
            } => {
                inlines(speaker, f);
                inlines(content, f)
            }
            BlockKind::Gap | BlockKind::Other(_) => {}
        }
    }
    for c in &doc.closers {
        inlines(&c.content, f);
    }
    for n in &doc.notes {
        inlines(&n.content, f);
    }
}

/// Counts of the marks in a document, in the columns of the inventory tables.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Marks {
    pub gaps: usize,
    pub ellipses: usize,
    pub supplied: usize,
    pub underlines: usize,
    pub sics: usize,
    pub glosses: usize,
    pub anchors: usize,
    pub footnotes: usize,
    pub emphasis: usize,
}

pub fn marks(doc: &Document) -> Marks {
    let mut m = Marks::default();
    m.gaps += doc
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Gap))
        .count();
    let mut heads = 0usize;
    for h in &doc.heads {
        heads += teikit::model::plain_text(&h.content).matches('…').count();
    }
    walk(doc, &mut |i| match &i.kind {
        InlineKind::Gap => m.gaps += 1,
        InlineKind::Text(t) => m.ellipses += t.matches('…').count(),
        InlineKind::Supplied(_) => m.supplied += 1,
        InlineKind::Hi { .. } => m.underlines += 1,
        InlineKind::Choice { .. } => m.sics += 1,
        InlineKind::Anchor { .. } => m.anchors += 1,
        InlineKind::Note(n) if n.kind == teikit::model::NoteKind::Gloss => m.glosses += 1,
        InlineKind::Note(_) => m.footnotes += 1,
        _ => {}
    });
    m.ellipses -= heads;
    // Emphasis notes stand at div level without @place; other div notes are footnotes.
    for n in &doc.notes {
        if n.place.is_none() {
            m.emphasis += 1;
        } else {
            m.footnotes += 1;
        }
    }
    m
}

/// Whether what `test` needs from outside (`what`: a tool, a jar) is
/// `present`. The one place a test learns it may not run: a missing tool fails
/// the calling test when env `CI` is set (.ci/run installs every tool);
/// elsewhere it prints a visible `SKIPPED: <test>: <what> not installed` line
/// (shown with `--nocapture`) and the caller returns early.
pub fn require(test: &str, what: &str, present: bool) -> bool {
    if present {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: {what} is not installed, but CI is set"
    );
    eprintln!("SKIPPED: {test}: {what} not installed");
    false
}

/// Whether the external `tool` runs (probed with `probe` arguments); see [`require`].
pub fn tool_installed(test: &str, tool: &str, probe: &[&str]) -> bool {
    require(test, tool, Command::new(tool).args(probe).output().is_ok())
}

/// The first of `names` (one tool under several names, e.g. `chromium`,
/// `chromium-browser`) that runs `probe` successfully; see [`require`].
pub fn find_tool(test: &str, names: &[&'static str], probe: &[&str]) -> Option<&'static str> {
    let found = names.iter().copied().find(|name| {
        Command::new(name)
            .args(probe)
            .output()
            .is_ok_and(|o| o.status.success())
    });
    // Fails under CI, prints SKIPPED elsewhere, when none is found.
    require(
        test,
        names.first().copied().unwrap_or("tool"),
        found.is_some(),
    );
    found
}

/// Headless Chromium under the name it is installed as; see [`require`].
pub fn chromium() -> Option<&'static str> {
    find_tool(
        &test_name(),
        &["chromium", "chromium-browser", "google-chrome"],
        &["--version"],
    )
}

/// Chromium's arguments for a headless run with its own `profile` folder and
/// nothing fetched or synced behind the test's back.
pub fn chromium_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

/// The name of the running test, for [`require`]'s messages.
pub fn test_name() -> String {
    std::thread::current().name().unwrap_or("test").to_string()
}

/// Runs jing on `xml` against `schema`; `None` when jing is not installed
/// (see [`tool_installed`]).
pub fn jing(xml: &str, schema: &Path) -> Option<Result<(), String>> {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("doc.xml");
    std::fs::write(&file, xml).expect("write");
    jing_files(&[file], schema)
}

/// Runs jing once over `files` (the schema compiled once); `None` when jing
/// is not installed; `Err` holds jing's report.
pub fn jing_files(files: &[PathBuf], schema: &Path) -> Option<Result<(), String>> {
    if !tool_installed(&test_name(), "jing", &["-h"]) {
        return None;
    }
    let out = Command::new("jing")
        .arg(schema)
        .args(files)
        .output()
        .expect("run jing");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(if out.status.success() {
        Ok(())
    } else {
        Err(report)
    })
}

pub fn tei_all() -> PathBuf {
    root().join("schemas/tei_all.rng")
}

/// Runs the `teikit` binary without colour.
pub fn teikit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_teikit"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run teikit")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The diagnostic codes of a `--diagnostics json` run.
pub fn codes(o: &Output) -> Vec<String> {
    stderr(o)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| v["code"].as_str().unwrap_or_default().to_string())
        .collect()
}
