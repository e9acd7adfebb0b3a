//! A user's files are safe: one test per unsafe path a clumsy user takes. Each
//! asserts the input is untouched and nothing exists outside the output folder.

use crate::support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{root, stderr, teikit};

/// A scratch folder holding a copy of the sample source as `s.txt`.
fn scratch() -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(root().join("tests/fixtures/barsegov-555-570.txt")).unwrap();
    let source = dir.path().join("s.txt");
    std::fs::write(&source, &bytes).unwrap();
    (dir, source, bytes)
}

/// Every path under `dir`, relative to it, links not followed.
fn tree(dir: &Path) -> BTreeSet<String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            out.insert(path.strip_prefix(base).unwrap().display().to_string());
            if path.is_dir() && !path.is_symlink() {
                walk(base, &path, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn convert_onto_its_input_is_refused_by_path_symlink_and_hard_link() {
    let (dir, source, bytes) = scratch();
    std::os::unix::fs::symlink(&source, dir.path().join("link.txt")).unwrap();
    std::fs::hard_link(&source, dir.path().join("hard.txt")).unwrap();
    let before = tree(dir.path());
    for output in ["s.txt", "link.txt", "hard.txt", "./s.txt"] {
        let o = teikit(&["convert", arg(&source), "-o", arg(&dir.path().join(output))]);
        assert_eq!(o.status.code(), Some(2), "{output}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("teikit::io::output-is-input"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            std::fs::read(&source).unwrap(),
            bytes,
            "{output}: input untouched"
        );
        assert_eq!(tree(dir.path()), before, "{output}: nothing written");
    }
}

#[test]
fn export_onto_its_input_is_refused() {
    let (dir, source, bytes) = scratch();
    let before = tree(dir.path());
    for format in ["text", "markdown", "json", "tei"] {
        let o = teikit(&["export", arg(&source), "--to", format, "-o", arg(&source)]);
        assert_eq!(o.status.code(), Some(2), "{format}: {}", stderr(&o));
        assert!(stderr(&o).contains("is the input"), "{}", stderr(&o));
        assert_eq!(std::fs::read(&source).unwrap(), bytes);
        assert_eq!(tree(dir.path()), before);
    }
    // A TEI export to a directory holding its input: the input is never replaced.
    let xml = dir.path().join("out").join("e.xml");
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let o = teikit(&["convert", arg(&source), "-o", arg(&xml)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let tei = std::fs::read(&xml).unwrap();
    let o = teikit(&["export", arg(&xml), "--to", "tei", "-o", arg(&xml)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&xml).unwrap(), tei);
}

/// A TEI edition whose document ids are paths, missing, or repeated.
const HOSTILE_IDS: &str = r#"<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>Unpublished.</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader><text><body>
<div type="document" xml:id="../../escaped"><p>one</p></div>
<div type="document" xml:id="/tmp/absolute"><p>two</p></div>
<div type="document"><p>three</p></div>
<div type="document"><p>four</p></div>
<div type="document" xml:id="d1"><p>five</p></div>
<div type="document" xml:id="d1"><p>six</p></div>
</body></text></TEI>"#;

#[test]
fn split_ids_are_sanitised_and_unique_inside_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("a").join("b");
    std::fs::create_dir_all(&work).unwrap();
    let input = work.join("e.xml");
    std::fs::write(&input, HOSTILE_IDS).unwrap();
    let out = work.join("out");
    let o = teikit(&[
        "export",
        arg(&input),
        "--to",
        "text",
        "--split",
        "-o",
        arg(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let files = tree(&out);
    assert_eq!(files.len(), 6, "six documents, six files: {files:?}");
    let mut texts = BTreeSet::new();
    for f in &files {
        assert!(f.ends_with(".txt") && !f.starts_with('.'), "{f}");
        texts.insert(std::fs::read_to_string(out.join(f)).unwrap());
    }
    assert_eq!(texts.len(), 6, "each document in its own file");
    assert_eq!(
        tree(dir.path()),
        set(&["a", "a/b", "a/b/e.xml", "a/b/out"])
            .into_iter()
            .chain(files.iter().map(|f| format!("a/b/out/{f}")))
            .collect(),
        "nothing outside the output folder"
    );
    assert_eq!(std::fs::read_to_string(&input).unwrap(), HOSTILE_IDS);
    assert!(!Path::new("/tmp/absolute.txt").exists());
}

#[test]
fn two_inputs_with_one_file_name_are_refused_before_reading() {
    let (dir, source, bytes) = scratch();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::copy(&source, dir.path().join(sub).join("x.txt")).unwrap();
    }
    let before = tree(dir.path());
    let (a, b) = (dir.path().join("a/x.txt"), dir.path().join("b/x.txt"));
    let out = dir.path().join("o");
    let o = teikit(&["convert", arg(&a), arg(&b), "--out-dir", arg(&out)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("would both be written to"),
        "{}",
        stderr(&o)
    );
    let o = teikit(&["export", arg(&a), arg(&b), "--to", "text", "-o", arg(&out)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(tree(dir.path()), before, "nothing written");
    assert_eq!(std::fs::read(&a).unwrap(), bytes);
}

#[test]
fn standard_output_with_several_inputs_is_a_usage_error() {
    let (dir, source, _) = scratch();
    let other = dir.path().join("t.txt");
    std::fs::copy(&source, &other).unwrap();
    let before = tree(dir.path());
    let o = Command::new(env!("CARGO_BIN_EXE_teikit"))
        .args([
            "export",
            arg(&source),
            arg(&other),
            "--to",
            "text",
            "-o",
            "-",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert_eq!(tree(dir.path()), before, "no folder named `-`");
    let o = teikit(&["export", arg(&source), "--to", "html", "-o", "-"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a site is a folder: {}",
        stderr(&o)
    );
}

#[test]
fn a_folder_with_two_links_to_itself_is_walked_once() {
    let (dir, source, bytes) = scratch();
    let sources = dir.path().join("sources");
    std::fs::create_dir(&sources).unwrap();
    std::fs::rename(&source, sources.join("s.txt")).unwrap();
    std::os::unix::fs::symlink(".", sources.join("l1")).unwrap();
    std::os::unix::fs::symlink("..", sources.join("l2")).unwrap();
    let out = dir.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_teikit"))
        .args(["convert", arg(&sources), "--out-dir", arg(&out), "-q"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("the walk did not end: a link loop was followed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
    assert_eq!(tree(&out), set(&["s.xml"]));
    assert_eq!(std::fs::read(sources.join("s.txt")).unwrap(), bytes);
}

#[test]
fn an_unreadable_entry_in_a_folder_is_an_error_not_skipped() {
    let (dir, source, _) = scratch();
    let sources = dir.path().join("sources");
    std::fs::create_dir(&sources).unwrap();
    std::fs::rename(&source, sources.join("s.txt")).unwrap();
    std::os::unix::fs::symlink("missing-folder", sources.join("gone")).unwrap();
    let out = dir.path().join("out");
    let o = teikit(&["convert", arg(&sources), "--out-dir", arg(&out)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("teikit::io::read-failed"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("gone"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn a_site_is_renamed_into_place_and_an_occupied_folder_is_left_alone() {
    let (dir, source, bytes) = scratch();
    let site = dir.path().join("site");
    let o = teikit(&["export", arg(&source), "--to", "html", "-o", arg(&site)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(site.join("index.html").is_file());
    let top = tree(dir.path());
    assert!(
        top.iter().all(|p| !p.contains(".teikit-")),
        "no temporary left: {top:?}"
    );
    // A second export into the same folder is refused; the first site stays.
    let before = tree(dir.path());
    let index = std::fs::read(site.join("index.html")).unwrap();
    let o = teikit(&["export", arg(&source), "--to", "html", "-o", arg(&site)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(tree(dir.path()), before);
    assert_eq!(std::fs::read(site.join("index.html")).unwrap(), index);
    assert_eq!(std::fs::read(&source).unwrap(), bytes);
}

/// Sends `signal` to the process once a `.teikit-` temporary exists in `dir`;
/// returns whether one was seen before the process ended, and its exit status.
fn interrupt_while_writing(
    args: &[&str],
    dir: &Path,
    signal: &str,
) -> (bool, std::process::ExitStatus) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_teikit"))
        .args(args)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (false, status);
        }
        let temporary = std::fs::read_dir(dir).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".teikit-")
        });
        if temporary {
            let pid = child.id().to_string();
            Command::new("kill")
                .args(["-s", signal, &pid])
                .status()
                .unwrap();
            let status = child.wait().unwrap();
            // On a loaded machine the run may end between seeing the
            // temporary and the signal's arrival: that run was not caught.
            return (!status.success(), status);
        }
    }
}

#[test]
fn temporaries_are_removed_on_sigint_and_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    if !support::tool_installed(&support::test_name(), "python3", &["--version"]) {
        return;
    }
    let generate = root().join("bench/generate.py");
    let source = dir.path().join("big.txt");
    let made = Command::new("python3")
        .args([arg(&generate), "--size", "10M", "-o", arg(&source)])
        .stderr(Stdio::null())
        .status()
        .expect("python3 runs bench/generate.py");
    assert!(made.success());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for signal in ["INT", "TERM"] {
        // The window (writing and syncing ~15 MB) is short: try a few times.
        let mut seen = false;
        for _ in 0..5 {
            let target = out.join("big.json");
            let (caught, status) = interrupt_while_writing(
                &["export", arg(&source), "--to", "json", "-o", arg(&target)],
                &out,
                signal,
            );
            let _ = std::fs::remove_file(&target);
            if caught {
                assert_eq!(status.code(), Some(130), "{signal}");
                assert_eq!(tree(&out), BTreeSet::new(), "{signal}: temporary removed");
                seen = true;
                break;
            }
        }
        assert!(seen, "{signal}: no run was caught while writing");
    }
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let sample = root().join("tests/fixtures/barsegov-555-570.txt");
    let sample = arg(&sample);
    let xml = root().join("tei/edition.xml");
    let commands: Vec<Vec<&str>> = vec![
        vec!["codes"],
        vec!["rules"],
        vec!["man"],
        vec!["completions", "bash"],
        vec!["convert", sample, "-o", "-", "-q"],
        vec!["export", sample, "--to", "text", "-o", "-", "-q"],
        vec!["export", arg(&xml), "--to", "tei", "-o", "-", "-q"],
        vec!["validate", arg(&xml), "--format", "json"],
    ];
    for args in commands {
        let mut child = Command::new(env!("CARGO_BIN_EXE_teikit"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before reading anything.
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{args:?}: {:?} {err}",
            o.status
        );
    }
}

#[test]
fn eight_thousand_anchors_of_one_note_are_one_bounded_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let words: Vec<String> = (0..8000).map(|i| format!("word{i}*")).collect();
    let text = format!(
        "No. 1\nLetter from A to B 1 January 1920\n{}\nRGASPI, f. 1, op. 1, d. 1, p. 1. Copy.\n*A footnote.\n",
        words.join(" ")
    );
    let source = dir.path().join("anchors.txt");
    std::fs::write(&source, &text).unwrap();
    let out = dir.path().join("anchors.xml");
    let o = teikit(&["convert", arg(&source), "-o", arg(&out)]);
    let err = stderr(&o);
    assert!(err.len() < 20_000, "{} bytes of diagnostics", err.len());
    assert_eq!(err.matches("teikit::note::shared-note").count(), 1, "{err}");
    assert!(err.contains("8000 anchors"), "{err}");
    assert!(
        err.contains("7992 more not drawn, at line:column 3:62"),
        "{err}"
    );
}

#[test]
fn lone_cr_utf16_and_control_characters_are_read_or_named() {
    let bytes = std::fs::read(root().join("tests/fixtures/barsegov-555-570.txt")).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let documents = |o: &std::process::Output| {
        let e = stderr(o);
        let summary = e.lines().last().unwrap_or_default().to_string();
        summary.split(", ").nth(1).unwrap_or_default().to_string()
    };
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, bytes: &[u8]| {
        let source = dir.path().join(name);
        std::fs::write(&source, bytes).unwrap();
        let out = dir.path().join(format!("{name}.xml"));
        let o = teikit(&["convert", arg(&source), "-o", arg(&out)]);
        assert_eq!(std::fs::read(&source).unwrap(), bytes);
        o
    };
    let lf = run("lf.txt", text.as_bytes());
    assert_eq!(documents(&lf), "15 documents", "{}", stderr(&lf));
    let cr = run("cr.txt", text.replace('\n', "\r").as_bytes());
    assert_eq!(documents(&cr), "15 documents", "{}", stderr(&cr));
    let mixed: String = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| format!("{l}{}", ["\n", "\r\n", "\r"][i % 3]))
        .collect();
    assert_eq!(
        documents(&run("mixed.txt", mixed.as_bytes())),
        "15 documents"
    );
    for (name, bom, little) in [
        ("le.txt", true, true),
        ("be-nobom.txt", false, false),
        ("le-nobom.txt", false, true),
    ] {
        let mut bytes = match (bom, little) {
            (true, true) => vec![0xFF, 0xFE],
            (true, false) => vec![0xFE, 0xFF],
            _ => vec![],
        };
        for unit in text.encode_utf16() {
            bytes.extend(if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        let o = run(name, &bytes);
        assert_eq!(documents(&o), "15 documents", "{name}: {}", stderr(&o));
        let utf8 = std::fs::read_to_string(dir.path().join("lf.txt.xml")).unwrap();
        let decoded = std::fs::read_to_string(dir.path().join(format!("{name}.xml"))).unwrap();
        assert_eq!(decoded.replace(name, "lf.txt"), utf8, "{name}");
    }
    let controls =
        text.replacen("Armenia", "Arm\u{c}enia", 1)
            .replacen("Georgia", "Geo\u{1b}rgia", 1);
    let o = run("controls.txt", controls.as_bytes());
    let err = stderr(&o);
    assert!(
        err.contains("form feed U+000C at 1 place (line:column"),
        "{err}"
    );
    assert!(err.contains("escape (ESC) U+001B at 1 place"), "{err}");
    assert_eq!(
        err.matches("teikit::input::control-character").count(),
        2,
        "{err}"
    );
}
