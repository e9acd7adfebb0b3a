//! The round-trip contract: text → TEI → text loses nothing (docs/encoding.md §5.2,
//! §7.3), and TEI → model → TEI gives identical bytes.

use crate::support;

use support::{convert, fixture, variants_config};
use teikit::config::Config;
use teikit::export::text::{TextOptions, export_text};
use teikit::tei::read::read_tei;
use teikit::tei::write::write_tei;

/// Converts, writes TEI, reads the TEI back, writes it again and exports text.
fn round_trip(name: &str, config: &Config) -> (String, String, String) {
    let (edition, _, _) = convert(name, config);
    let tei = write_tei(&edition, &Default::default());
    let (read, diagnostics) = read_tei(&tei);
    assert!(
        diagnostics.is_empty(),
        "reading teikit's own TEI raises nothing: {diagnostics:?}"
    );
    let again = write_tei(&read, &Default::default());
    let text = export_text(&read, &TextOptions { config });
    (tei, again, text)
}

#[test]
fn sample_text_tei_text_is_exact() {
    let (_, _, text) = round_trip("barsegov-555-570.txt", &Config::builtin());
    let source = fixture("barsegov-555-570.txt");
    // Lines 2–49, without the dangling number " 570" (L49:713–716).
    let lines: Vec<&str> = source.split('\n').collect();
    let mut expect = lines[1..49].join("\n");
    expect = expect
        .strip_suffix(" 570")
        .expect("the dangling number ends line 49")
        .to_string();
    expect.push('\n');
    assert_eq!(text, expect);
}

#[test]
fn variants_text_tei_text_is_exact_up_to_the_documented_normalisations() {
    let config = variants_config();
    let (_, _, text) = round_trip("variants.txt", &config);
    let (_, diagnostics, source) = convert("variants.txt", &config);
    // The lines the reader reported as not part of the edition (leading,
    // interleaved and trailing matter) are the only ones left out: a line
    // dropped without such a diagnostic makes the comparison fail.
    let reported: Vec<(usize, usize)> = diagnostics
        .iter()
        .filter(|d| d.code.starts_with("teikit::source::") && d.code.ends_with("-matter"))
        .map(|d| (d.span.start, d.span.end))
        .collect();
    assert!(!reported.is_empty(), "variants.txt reports its page matter");
    let mut kept: Vec<String> = Vec::new();
    let mut start = 0;
    for line in source.lines() {
        let end = start + line.len();
        let left_out = reported.iter().any(|&(a, b)| a <= start && end <= b);
        start = end + 1;
        if left_out {
            continue;
        }
        let line = line.trim().replace(" ↩", "");
        // Number lines come back as "No. {n}" on a line of their own.
        let line = match line.as_str() {
            "№ 212" => "No. 212".to_string(),
            "№215" => "No. 215".to_string(),
            l if l.starts_with("214. ") => format!("No. 214\n\n{}", &l[5..]),
            _ => line,
        };
        kept.push(line);
    }
    let mut expect = kept.join("\n");
    while expect.contains("\n\n\n") {
        expect = expect.replace("\n\n\n", "\n\n");
    }
    let expect = format!("{}\n", expect.trim());
    assert_eq!(text, expect);
}

#[test]
fn tei_model_tei_is_byte_identical() {
    for (name, config) in [
        ("barsegov-555-570.txt", Config::builtin()),
        ("variants.txt", variants_config()),
    ] {
        let (tei, again, _) = round_trip(name, &config);
        assert_eq!(tei, again, "{name}");
    }
}
