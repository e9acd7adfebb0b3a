//! Hostile and broken input through the `teikit` binary: each case gives a
//! clear diagnostic code and the documented exit code (0 ok, 1 bad input,
//! 2 usage/I-O), never a panic, never a partial output file, and never
//! touches an existing output file.

use crate::support;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use support::{codes, fixture, root, stderr, teikit};

/// What an existing output file holds before a failing run.
const OLD: &[u8] = b"old output, must survive\n";

/// No panic: a panicking Rust binary exits with 101 and says "panicked".
fn assert_no_panic(o: &Output) {
    assert_ne!(o.status.code(), Some(101), "{}", stderr(o));
    assert!(o.status.code().is_some(), "killed by a signal: {o:?}");
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
}

/// Temporary files of the atomic writer (`.teikit-*.tmp`) left in `dir`.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with(".teikit-")
        })
        .collect()
}

/// A failed run into `dir`: nothing new at `fresh`, `existing` unchanged, no temp file.
fn assert_nothing_written(dir: &Path, fresh: &Path, existing: &Path) {
    assert!(!fresh.exists(), "partial output at {}", fresh.display());
    assert_eq!(
        std::fs::read(existing).unwrap(),
        OLD,
        "existing file touched"
    );
    assert!(leftovers(dir).is_empty(), "{:?}", leftovers(dir));
}

/// A run of `teikit convert` on `bytes`, once into a fresh path and once over
/// an existing file; both runs must give the same exit code and codes.
struct Run {
    fresh: Output,
    existing: Output,
    dir: tempfile::TempDir,
}

impl Run {
    fn fresh_path(&self) -> PathBuf {
        self.dir.path().join("fresh.xml")
    }
    fn existing_path(&self) -> PathBuf {
        self.dir.path().join("existing.xml")
    }
}

fn convert_bytes(name: &str, bytes: &[u8], extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join(name);
    std::fs::write(&src, bytes).unwrap();
    let existing = dir.path().join("existing.xml");
    std::fs::write(&existing, OLD).unwrap();
    let run = |out: &Path| {
        let mut args = vec![
            "convert",
            src.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--diagnostics",
            "json",
        ];
        args.extend_from_slice(extra);
        teikit(&args)
    };
    let fresh = run(&dir.path().join("fresh.xml"));
    let existing = run(&existing);
    Run {
        fresh,
        existing,
        dir,
    }
}

/// Input that must be refused with exit 1 and `code`, writing nothing.
fn assert_refused(run: &Run, code: &str) {
    for o in [&run.fresh, &run.existing] {
        assert_no_panic(o);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(o));
        assert!(codes(o).iter().any(|c| c == code), "{code}: {}", stderr(o));
    }
    assert_nothing_written(run.dir.path(), &run.fresh_path(), &run.existing_path());
}

#[test]
fn invalid_utf8_is_refused_with_its_offset() {
    let mut bytes = b"No. 1\nTitle 1 January 1920\nText \xC3\x28 here.\n".to_vec();
    bytes.extend_from_slice(b"RGASPI, f. 1, op. 1, d. 1, p. 1. Copy.\n");
    let run = convert_bytes("src.txt", &bytes, &[]);
    assert_refused(&run, "teikit::input::not-utf8");
    assert!(
        stderr(&run.fresh).contains("offset 32"),
        "{}",
        stderr(&run.fresh)
    );
}

#[test]
fn utf16_with_bom_is_decoded_and_broken_utf16_refused_clearly() {
    // UTF-16 is decoded now (issue 13): the TEI equals that of the UTF-8 file.
    let text = fixture("barsegov-555-570.txt");
    let utf8 = convert_bytes("src.txt", text.as_bytes(), &[]);
    let expected = std::fs::read(utf8.fresh_path()).unwrap();
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    for bytes in [le.clone(), be] {
        let run = convert_bytes("src.txt", &bytes, &[]);
        assert_no_panic(&run.fresh);
        assert_eq!(run.fresh.status.code(), Some(0), "{}", stderr(&run.fresh));
        assert_eq!(std::fs::read(run.fresh_path()).unwrap(), expected);
    }
    // An unpaired surrogate: UTF-16 that does not decode, refused naming it.
    le.extend([0x00, 0xD8]);
    let run = convert_bytes("src.txt", &le, &[]);
    assert_refused(&run, "teikit::input::not-utf8");
    let err = stderr(&run.fresh);
    assert!(err.contains("UTF-16") && err.contains("iconv"), "{err}");
}

#[test]
fn nul_bytes_are_refused() {
    let text = fixture("barsegov-555-570.txt").replacen("Moscow", "Mos\0cow", 1);
    let run = convert_bytes("src.txt", text.as_bytes(), &[]);
    assert_refused(&run, "teikit::input::not-utf8");
    assert!(
        stderr(&run.fresh).contains("NUL byte"),
        "{}",
        stderr(&run.fresh)
    );
}

/// Converts `text` (always under the name src.txt) and returns the TEI.
fn tei_of(text: &str) -> String {
    let run = convert_bytes("src.txt", text.as_bytes(), &[]);
    assert_no_panic(&run.fresh);
    assert_eq!(run.fresh.status.code(), Some(0), "{}", stderr(&run.fresh));
    std::fs::read_to_string(run.fresh_path()).unwrap()
}

#[test]
fn crlf_and_mixed_line_endings_give_the_tei_of_lf() {
    let lf = fixture("barsegov-555-570.txt");
    assert!(!lf.contains('\r'));
    let crlf = lf.replace('\n', "\r\n");
    let mixed: String = lf
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| match i % 3 {
            0 => l.replace('\n', "\r\n"),
            _ => l.to_string(),
        })
        .collect();
    let expected = tei_of(&lf);
    assert!(expected.contains("<div type=\"document\""));
    for (name, text) in [("crlf", crlf), ("mixed", mixed)] {
        let tei = tei_of(&text);
        assert!(!tei.contains('\r'), "{name}: CR in the TEI");
        assert_eq!(tei, expected, "{name} differs from LF");
    }
}

#[test]
fn a_ten_megabyte_line_converts_in_linear_time() {
    // The sample's body lines joined into one line of 10 MB: every mark the
    // reader looks for, many times over, in one paragraph.
    let sample = fixture("barsegov-555-570.txt");
    let body: Vec<&str> = sample.lines().filter(|l| l.len() > 200).collect();
    let mut line = String::new();
    while line.len() < 10_000_000 {
        for l in &body {
            line.push_str(l);
            line.push(' ');
        }
    }
    let text = format!(
        "No. 1\nA Long Letter 1 January 1920\n{line}\nRGASPI, f. 1, op. 1, d. 1, p. 1. Copy.\n"
    );
    let started = Instant::now();
    let run = convert_bytes("src.txt", text.as_bytes(), &[]);
    let elapsed = started.elapsed();
    assert_no_panic(&run.fresh);
    assert_eq!(run.fresh.status.code(), Some(0), "{}", stderr(&run.fresh));
    let tei = std::fs::read_to_string(run.fresh_path()).unwrap();
    assert!(tei.len() > 10_000_000);
    // Two conversions in a debug build; a quadratic step takes hours here.
    assert!(elapsed < Duration::from_secs(120), "{elapsed:?}");
}

#[test]
fn long_lines_of_one_mark_convert() {
    // Each of these once made the reader quadratic or overflow its stack:
    // dates (trailing dateline search), `<…>` and `[w]` (inline marks),
    // `No. 5` (closer items, recursion per item).
    for unit in ["<…> ", "[word] ", "No. 5 ", "1 January 1920 ", "Moscow, "] {
        let line = unit.repeat(200_000 / unit.len());
        for text in [
            format!(
                "No. 1\nTitle 1 January 1920\n{line}\nRGASPI, f. 1, op. 1, d. 1, p. 1. Copy.\n"
            ),
            line.clone(),
        ] {
            let started = Instant::now();
            let run = convert_bytes("src.txt", text.as_bytes(), &[]);
            assert_no_panic(&run.fresh);
            assert!(matches!(run.fresh.status.code(), Some(0 | 1)), "{unit:?}");
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "{unit:?}: {:?}",
                started.elapsed()
            );
        }
    }
}

/// `teikit export FILE --to text` into a fresh path and over an existing file.
fn export_xml(xml: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("in.xml");
    std::fs::write(&src, xml).unwrap();
    let existing = dir.path().join("existing.xml");
    std::fs::write(&existing, OLD).unwrap();
    let run = |out: &Path| {
        teikit(&[
            "export",
            src.to_str().unwrap(),
            "--to",
            "text",
            "-o",
            out.to_str().unwrap(),
            "--diagnostics",
            "json",
        ])
    };
    let fresh = run(&dir.path().join("fresh.xml"));
    let existing = run(&existing);
    Run {
        fresh,
        existing,
        dir,
    }
}

#[test]
fn deep_nesting_is_refused_without_stack_overflow() {
    let depth = 100_000;
    let xml = format!(
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body>{}{}</body></text></TEI>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let run = export_xml(&xml);
    assert_refused(&run, "teikit::xml::too-deep");
}

#[test]
fn billion_laughs_is_refused_at_once() {
    let mut xml =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE TEI [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        xml.push_str(&format!(
            " <!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    xml.push_str("]>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body><p>&lol9;</p></body></text></TEI>\n");
    let started = Instant::now();
    let run = export_xml(&xml);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_refused(&run, "teikit::xml::entity");
}

#[test]
fn external_entities_are_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    let marker = "SECRET-CONTENT-7f3a9";
    std::fs::write(&secret, marker).unwrap();
    let url = format!("file://{}", secret.display());
    let body =
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body><p>&xxe;</p></body></text></TEI>";
    let cases = [
        (
            format!("<!DOCTYPE TEI [<!ENTITY xxe SYSTEM \"{url}\">]>\n{body}"),
            "teikit::xml::entity",
        ),
        (
            format!("<!DOCTYPE TEI [<!ENTITY % p SYSTEM \"{url}\"> %p;]>\n{body}"),
            "teikit::xml::entity",
        ),
        // No declaration at all: the reference is undeclared, not looked up
        // (an entity refused, as `validate` says of it).
        (body.to_string(), "teikit::xml::entity"),
    ];
    for (xml, code) in cases {
        let run = export_xml(&xml);
        assert_refused(&run, code);
        for o in [&run.fresh, &run.existing] {
            assert!(!stderr(o).contains(marker));
            assert!(!String::from_utf8_lossy(&o.stdout).contains(marker));
        }
    }
    // An external DTD is not fetched either: the document reads without it.
    let xml = format!(
        "<!DOCTYPE TEI SYSTEM \"{url}\">\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body><p>kept</p></body></text></TEI>"
    );
    let run = export_xml(&xml);
    assert_no_panic(&run.fresh);
    assert_eq!(run.fresh.status.code(), Some(0), "{}", stderr(&run.fresh));
    let text = std::fs::read_to_string(run.fresh_path()).unwrap();
    assert!(text.contains("kept") && !text.contains(marker), "{text}");
}

/// teikit's own TEI of the sample.
fn sample_tei() -> String {
    let config = teikit::config::Config::builtin();
    let (edition, _) = teikit::source::read_source(
        &fixture("barsegov-555-570.txt"),
        "barsegov-555-570.txt",
        &config,
    );
    teikit::tei::write::write_tei(&edition, &Default::default())
}

#[test]
fn truncated_tei_is_malformed() {
    let tei = sample_tei();
    for fraction in [2, 3, 5, 10] {
        let mut cut = tei.len() * (fraction - 1) / fraction;
        while !tei.is_char_boundary(cut) {
            cut -= 1;
        }
        let run = export_xml(&tei[..cut]);
        assert_refused(&run, "teikit::xml::not-well-formed");
    }
}

#[test]
fn a_config_with_wrong_types_is_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/fixtures/barsegov-555-570.txt");
    let configs = [
        ("number.toml", "[conventions]\nnumber_lines = 5\n"),
        ("initials.toml", "[editor]\ninitials = \"Y.B.\"\n"),
        ("table.toml", "conventions = \"none\"\n"),
        ("syntax.toml", "[conventions\nomission = \"<…>\"\n"),
    ];
    for (name, toml) in configs {
        let config = dir.path().join(name);
        std::fs::write(&config, toml).unwrap();
        let existing = dir.path().join("existing.xml");
        std::fs::write(&existing, OLD).unwrap();
        let fresh = dir.path().join("fresh.xml");
        for out in [&fresh, &existing] {
            let o = teikit(&[
                "convert",
                src.to_str().unwrap(),
                "--config",
                config.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--diagnostics",
                "json",
            ]);
            assert_no_panic(&o);
            assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
            assert_eq!(codes(&o), ["teikit::config::invalid"], "{name}");
        }
        assert_nothing_written(dir.path(), &fresh, &existing);
    }
}

fn convert_sample_to(out: &Path) -> Output {
    let src = root().join("tests/fixtures/barsegov-555-570.txt");
    teikit(&[
        "convert",
        src.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--diagnostics",
        "json",
    ])
}

#[test]
fn output_inside_a_missing_directory_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing").join("out.xml");
    let o = convert_sample_to(&out);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(codes(&o).iter().any(|c| c == "teikit::io::write-failed"));
    assert!(!dir.path().join("missing").exists(), "no directory created");
}

#[test]
fn output_inside_an_unwritable_directory_is_an_io_error() {
    // The tests run as root, and chmod does not stop root from writing into a
    // read-only directory. A "directory" that is a regular file cannot be
    // written into by anyone: the parent of the output path is a file here.
    let dir = tempfile::tempdir().unwrap();
    let parent = dir.path().join("not-a-dir");
    std::fs::write(&parent, OLD).unwrap();
    let out = parent.join("out.xml");
    let o = convert_sample_to(&out);
    assert_no_panic(&o);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(codes(&o).iter().any(|c| c == "teikit::io::write-failed"));
    assert_eq!(std::fs::read(&parent).unwrap(), OLD);
    assert!(leftovers(dir.path()).is_empty());
}

/// A writer that fails half-way, as a full disk does.
fn fill_then_fail(w: &mut dyn Write) -> io::Result<()> {
    let tei = sample_tei();
    w.write_all(&tei.as_bytes()[..tei.len() / 2])?;
    Err(io::Error::new(io::ErrorKind::StorageFull, "no space left"))
}

#[test]
fn a_full_disk_leaves_the_existing_file_and_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("existing.xml");
    std::fs::write(&existing, OLD).unwrap();
    let fresh = dir.path().join("fresh.xml");
    for path in [&existing, &fresh] {
        let err = teikit::output::write_atomic_with(path, fill_then_fail).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
    }
    assert_nothing_written(dir.path(), &fresh, &existing);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "only the existing file: {names:?}");
}

#[test]
fn a_symbolic_link_as_output_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.xml");
    std::fs::write(&real, OLD).unwrap();
    let link = dir.path().join("link.xml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let o = convert_sample_to(&link);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let written = std::fs::read_to_string(&real).unwrap();
    assert!(written.contains("<div type=\"document\""));
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_pipe_as_output_is_written_to_not_replaced() {
    // Also what keeps `-o /dev/null` or `-o /dev/stdout` from replacing the
    // device (as root) with a regular file.
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.xml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(&fifo).unwrap())
    };
    let o = convert_sample_to(&fifo);
    // When the pipe was replaced, the reader stays blocked: it is left behind.
    assert!(
        std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "replaced"
    );
    // Unblock the reader if teikit never opened the pipe.
    if !reader.is_finished() {
        let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
    }
    let read = reader.join().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&read).contains("<div type=\"document\""));
}

#[test]
fn a_new_output_file_is_readable_by_others() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new.xml");
    let o = convert_sample_to(&out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644, "{mode:o}");
}

/// Reads `text` as a source with the built-in config, in at most `limit`.
fn read_within(text: &str, limit: Duration) -> Vec<String> {
    let config = teikit::config::Config::builtin();
    let started = Instant::now();
    let (_, diagnostics) = teikit::source::read_source(text, "src.txt", &config);
    let elapsed = started.elapsed();
    assert!(elapsed < limit, "{elapsed:?}");
    diagnostics.iter().map(|d| d.message.clone()).collect()
}

#[test]
fn a_number_repeated_thousands_of_times_reads_in_linear_time() {
    // Found by the fuzzer (fuzz/README.md): ids of repeated numbers were made
    // unique by a cubic search. 3000 documents "No. 5".
    let document = "No. 5\nTitle 1 January 1920\nText. RGASPI, f. 1, op. 1, d. 1, p. 1. Copy.\n";
    let messages = read_within(&document.repeat(3000), Duration::from_secs(30));
    assert!(messages.iter().any(|m| m == "No. 5 follows No. 5"));
    let fuzzed =
        std::fs::read(root().join("tests/fixtures/fuzz/slow-repeated-numbers.txt")).unwrap();
    let text = teikit::source::decode(&fuzzed).unwrap();
    read_within(&text, Duration::from_secs(30));
}

#[test]
fn a_gap_of_huge_numbers_is_named_by_its_ends() {
    // Listing every number between No. 1 and No. 10^15 once took all memory.
    let text = "No. 1\nTitle 1 January 1920\nText. RGASPI, f. 1, op. 1, d. 1, p. 1. Copy.\n\
                Letter from A to B 2 January 1920\nText. RGASPI, f. 1, op. 1, d. 1, p. 2. Copy.\n\
                No. 1000000000000000\nTitle 3 January 1920\nText. RGASPI, f. 1, op. 1, d. 1, p. 3. Copy.\n";
    let messages = read_within(text, Duration::from_secs(10));
    assert!(
        messages
            .iter()
            .any(|m| m == "document has no number line; it is one of No. 2 to No. 999999999999999"),
        "{messages:?}"
    );
}
