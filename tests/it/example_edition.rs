//! The example edition in tei/: its TEI is in sync with its source, valid, and round-trips.

use crate::support;

use support::root;
use teikit::config::Config;
use teikit::export::text::{TextOptions, export_text};
use teikit::source::read_source;
use teikit::tei::read::read_tei;
use teikit::tei::write::{TeiOptions, write_tei};

fn example() -> (String, Config, String) {
    let source = std::fs::read_to_string(root().join("tei/source.txt")).unwrap();
    let config =
        Config::from_toml(&std::fs::read_to_string(root().join("tei/edition.toml")).unwrap())
            .unwrap();
    let committed = std::fs::read_to_string(root().join("tei/edition.xml")).unwrap();
    (source, config, committed)
}

#[test]
fn committed_tei_is_what_the_converter_writes() {
    let (source, config, committed) = example();
    let (edition, diagnostics) = read_source(&source, "source.txt", &config);
    assert!(diagnostics.iter().all(|d| !d.is_error()));
    let xml = write_tei(&edition, &TeiOptions::edition());
    assert!(
        xml == committed,
        "tei/edition.xml is stale: run `cargo run -- convert tei/source.txt --config tei/edition.toml -o tei/edition.xml`"
    );
}

#[test]
fn example_is_valid_and_round_trips() {
    let (_, config, committed) = example();
    if let Some(r) = support::jing(&committed, &support::tei_all()) {
        r.expect("tei/edition.xml is valid against tei_all");
    }
    let (edition, diagnostics) = read_tei(&committed);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(write_tei(&edition, &TeiOptions::edition()), committed);
    let text = export_text(&edition, &TextOptions { config: &config });
    assert!(text.contains("No. 302\n"), "numbers come back");
}

#[test]
fn example_raises_its_documented_diagnostics() {
    let (source, config, _) = example();
    let (_, diagnostics) = read_source(&source, "source.txt", &config);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    for code in [
        "teikit::source::leading-matter",
        "teikit::source::leading-fragment",
        "teikit::source::missing-number",
        "teikit::source::fused-number",
        "teikit::source::ambiguous-number",
        "teikit::source::invalid-date",
        "teikit::source::vague-date",
        "teikit::source::trailing-number",
        "teikit::source::trailing-matter",
        "teikit::source::interleaved-matter",
        "teikit::note::shared-note",
        "teikit::note::unanchored-note",
        "teikit::note::unmatched-anchor",
        "teikit::note::trailing-matter",
        "teikit::mark::ambiguous-bracket",
        "teikit::mark::emphasis-span-lost",
    ] {
        assert!(codes.contains(&code), "{code} not raised");
    }
}

#[test]
fn example_declares_and_passes_the_edition_profile() {
    let (_, _, committed) = example();
    assert!(committed.contains("<?xml-model href=\"teikit-edition.rng\""));
    if let Some(r) = support::jing(&committed, &root().join("schemas/teikit-edition.rng")) {
        r.expect("tei/edition.xml is valid against the edition profile");
    }
}
