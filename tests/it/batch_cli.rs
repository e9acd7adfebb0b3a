//! The scheduler flags of convert, validate and export: `--shard I/N` covers
//! every input exactly once, `--summary json` of the shards merges into the
//! summary of the whole batch, `--files-from` adds inputs from a list.

use crate::support;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use support::{root, stderr, teikit};
use teikit::summary::{Status, Summary};

/// A directory of sources: the fixtures, one in a subdirectory, one with
/// errors (empty) and one that is not UTF-8.
fn sources() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    for name in ["barsegov-555-570.txt", "variants.txt"] {
        std::fs::copy(fixtures.join(name), dir.path().join(name)).unwrap();
    }
    std::fs::copy(
        fixtures.join("barsegov-555-570.txt"),
        dir.path().join("sub/again.txt"),
    )
    .unwrap();
    std::fs::write(dir.path().join("blank.txt"), "  \n").unwrap();
    std::fs::write(dir.path().join("latin1.txt"), b"No. 1\n\xe9t\xe9\n").unwrap();
    std::fs::write(
        dir.path().join("short.txt"),
        "No. 1\nLetter from A to B, Baku, 5 November 1920\nText.\nRGASPI, f. 1, op. 1, d. 1, p. 1. Copy.\n",
    )
    .unwrap();
    dir
}

fn summary_of(o: &Output) -> Summary {
    let out = String::from_utf8_lossy(&o.stdout);
    Summary::from_json(out.trim()).unwrap_or_else(|e| panic!("{e}: {out:?} {}", stderr(o)))
}

fn paths(s: &Summary) -> Vec<String> {
    s.files.iter().map(|f| f.path.clone()).collect()
}

/// Every file under `dir` with its bytes, by path relative to `dir`.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_path_buf();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Runs `args` whole and in N shards for several N; checks that the shards
/// are disjoint, cover the whole, merge into its summary and (when the
/// command writes into `out`) write the same files.
fn check_shards(args: &[&str], out: Option<&Path>) -> Summary {
    let run = |extra: &[&str], out_dir: Option<&Path>| {
        let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        if let Some(dir) = out_dir {
            all.push(dir.display().to_string());
        }
        all.extend(extra.iter().map(|a| a.to_string()));
        all.extend(["--summary".into(), "json".into(), "--quiet".into()]);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        teikit(&refs)
    };
    let scratch = tempfile::tempdir().unwrap();
    let whole_dir = scratch.path().join("whole");
    let whole_out = run(&[], out.map(|_| whole_dir.as_path()));
    let whole = summary_of(&whole_out);
    assert_eq!(whole_out.status.code(), Some(i32::from(whole.exit_code)));
    assert!(whole.inputs >= 5, "{whole:?}");
    for count in [1usize, 2, 3, 7] {
        let shard_dir = scratch.path().join(format!("n{count}"));
        let mut merged = Summary::new(&whole.command);
        let mut seen = BTreeSet::new();
        let mut lines = String::new();
        for index in 1..=count {
            let shard = format!("{index}/{count}");
            let o = run(&["--shard", &shard], out.map(|_| shard_dir.as_path()));
            lines.push_str(&String::from_utf8_lossy(&o.stdout));
            let part = summary_of(&o);
            assert_eq!(o.status.code(), Some(i32::from(part.exit_code)), "{shard}");
            for p in paths(&part) {
                assert!(seen.insert(p.clone()), "{p} in two shards of {count}");
            }
            merged.merge(part).unwrap();
        }
        assert_eq!(merged, whole, "N = {count}");
        // `teikit merge` does the same from the shards' output.
        let jsonl = scratch.path().join(format!("n{count}.jsonl"));
        std::fs::write(&jsonl, &lines).unwrap();
        let o = teikit(&["merge", jsonl.to_str().unwrap()]);
        assert_eq!(summary_of(&o), whole, "merge, N = {count}");
        assert_eq!(o.status.code(), Some(i32::from(whole.exit_code)));
        if out.is_some() {
            assert_eq!(tree(&shard_dir), tree(&whole_dir), "N = {count}");
        }
    }
    whole
}

#[test]
fn convert_shards_cover_the_batch_and_merge_into_its_summary() {
    let src = sources();
    let dir = src.path().display().to_string();
    let whole = check_shards(
        &["convert", &dir, "--diagnostics", "json", "--out-dir"],
        Some(Path::new("out")),
    );
    let status = |name: &str| {
        whole
            .files
            .iter()
            .find(|f| f.path.ends_with(name))
            .map(|f| f.status)
    };
    assert_eq!(status("short.txt"), Some(Status::Ok));
    assert_eq!(status("blank.txt"), Some(Status::Invalid));
    assert_eq!(status("latin1.txt"), Some(Status::Invalid));
    assert_eq!(whole.exit_code, 1);
    assert_eq!(whole.codes["teikit::input::not-utf8"], 1);
    assert!(whole.warnings > 0 && whole.documents >= 31);
}

#[test]
fn validate_shards_cover_the_batch_and_merge_into_its_summary() {
    let dir = root().join("tests/fixtures/validate");
    let whole = check_shards(&["validate", dir.to_str().unwrap()], None);
    assert!(whole.files.iter().any(|f| f.status == Status::Ok));
    assert!(whole.files.iter().any(|f| f.status == Status::Invalid));
    assert_eq!(whole.exit_code, 1);
    assert_eq!(
        whole.errors,
        whole.files.iter().map(|f| f.errors).sum::<usize>()
    );
}

#[test]
fn export_shards_cover_the_batch_and_merge_into_its_summary() {
    let src = sources();
    let dir = src.path().display().to_string();
    let whole = check_shards(
        &["export", &dir, "--to", "text", "--force", "-o"],
        Some(Path::new("out")),
    );
    assert_eq!(whole.command, "export");
    assert!(whole.files.iter().any(|f| f.status == Status::Ok));
}

#[test]
fn validate_summary_is_alone_on_stdout() {
    let file = root().join("tests/fixtures/validate/schema-invalid.xml");
    let o = teikit(&[
        "validate",
        file.to_str().unwrap(),
        "--format",
        "github",
        "--summary",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let s = summary_of(&o);
    assert_eq!((s.inputs, s.failed), (1, 1));
    assert!(s.errors > 0);
    assert!(stderr(&o).contains("::error file="), "{}", stderr(&o));
}

#[test]
fn files_from_a_file_and_from_stdin() {
    let src = sources();
    let list = src.path().join("list");
    let short = src.path().join("short.txt");
    let variants = src.path().join("variants.txt");
    std::fs::write(
        &list,
        format!("{}\n\n{}\n", short.display(), variants.display()),
    )
    .unwrap();
    let out = src.path().join("out");
    let o = teikit(&[
        "convert",
        "--files-from",
        list.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--summary",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(summary_of(&o).inputs, 2);
    assert!(out.join("short.xml").is_file() && out.join("variants.xml").is_file());

    let mut child = Command::new(env!("CARGO_BIN_EXE_teikit"))
        .args(["validate", "--files-from", "-", "--summary", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let xml = out.join("short.xml");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{}\n", xml.display()).as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let s = summary_of(&o);
    assert_eq!((s.inputs, s.exit_code), (1, 0), "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn a_shard_past_the_inputs_is_empty_and_succeeds() {
    let file = root().join("tests/fixtures/validate/minimal-valid.xml");
    let o = teikit(&[
        "validate",
        file.to_str().unwrap(),
        "--shard",
        "2/3",
        "--summary",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(summary_of(&o).inputs, 0);
}

#[test]
fn merge_summaries_refuses_what_is_not_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"format\":\"teikit-summary/1\"}\n").unwrap();
    let mixed = dir.path().join("mixed.jsonl");
    let convert = Summary::new("convert").to_json();
    let validate = Summary::new("validate").to_json();
    std::fs::write(&mixed, format!("{convert}\n{validate}\n")).unwrap();
    for file in [&bad, &mixed, &dir.path().join("missing")] {
        let o = teikit(&["merge", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{}", file.display());
        assert!(o.stdout.is_empty());
        assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
    }
}

#[test]
fn bad_scheduler_flags_are_usage_errors() {
    let sample = root().join("tests/fixtures/barsegov-555-570.txt");
    let sample = sample.to_str().unwrap();
    for args in [
        &["convert", sample, "--shard", "0/2"][..],
        &["convert", sample, "--shard", "3/2"],
        &["convert", "--files-from", "/nonexistent/list"],
        &["convert", sample, "--summary", "json"],
        &[
            "export",
            sample,
            "--to",
            "text",
            "-o",
            "-",
            "--summary",
            "json",
        ],
    ] {
        let o = teikit(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}
