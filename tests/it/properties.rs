//! Properties over generated input: the readers never panic, whatever they
//! are given; generated editions survive text → TEI → text unchanged; and
//! teikit's TEI of generated editions is valid TEI P5.

use crate::support;

use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as ProptestConfig, TestRunner};
use support::{fixture, tei_all};
use teikit::config::Config;
use teikit::export::text::{TextOptions, export_text};
use teikit::source::read_source;
use teikit::tei::read::read_tei;
use teikit::tei::write::write_tei;

static CONFIG: LazyLock<Config> = LazyLock::new(Config::builtin);

/// The non-blank lines of the sample.
static SAMPLE_LINES: LazyLock<Vec<String>> = LazyLock::new(|| {
    fixture("barsegov-555-570.txt")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
});

/// teikit's TEI of the sample.
static SAMPLE_TEI: LazyLock<String> = LazyLock::new(|| {
    let (edition, _) = read_source(
        &fixture("barsegov-555-570.txt"),
        "barsegov-555-570.txt",
        &CONFIG,
    );
    write_tei(&edition, &Default::default())
});

/// Tokens the reader treats specially.
const TOKENS: &[&str] = &[
    "<…>",
    "[",
    "]",
    "*",
    "**",
    "No. 5",
    "No. 5\n",
    "\nNo. 556\n",
    "—",
    " – ",
    "(",
    ")",
    "…",
    "1 January 1920",
    ", 14:15",
    "Moscow, ",
    "RGASPI, f. 64, op. 1, d. 21, p. 136. Copy.",
    "NA RA, f. 200, op. 1, d. 628, pp. 8–10. Certified copy.",
    "(Emphasis added – Y.B.)",
    " ↩",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u{feff}",
    "é",
];

fn floor_boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Sample lines, picked in any order, each maybe truncated, with tokens
/// inserted at random places.
fn mutated_source() -> impl Strategy<Value = String> {
    let line_count = SAMPLE_LINES.len();
    (
        prop::collection::vec((0..line_count, any::<prop::sample::Index>()), 1..12),
        prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                prop::sample::select(TOKENS.to_vec()),
            ),
            0..12,
        ),
    )
        .prop_map(|(lines, inserts)| {
            let mut text = String::new();
            for (i, cut) in lines {
                let line = &SAMPLE_LINES[i];
                // Half the lines whole, half cut somewhere.
                let end = if cut.index(2) == 0 {
                    line.len()
                } else {
                    floor_boundary(line, cut.index(line.len() + 1))
                };
                text.push_str(&line[..end]);
                text.push('\n');
            }
            for (at, token) in inserts {
                let at = floor_boundary(&text, at.index(text.len() + 1));
                text.insert_str(at, token);
            }
            text
        })
}

/// teikit's TEI, truncated, or with a tag deleted or duplicated.
fn mutated_tei() -> impl Strategy<Value = String> {
    (0..3u8, any::<prop::sample::Index>(), 1..4usize).prop_map(|(how, at, times)| {
        let tei = SAMPLE_TEI.as_str();
        let tags: Vec<(usize, usize)> = tei
            .match_indices('<')
            .filter_map(|(start, _)| tei[start..].find('>').map(|end| (start, start + end + 1)))
            .collect();
        let mut out = tei.to_string();
        match how {
            0 => out.truncate(floor_boundary(tei, at.index(tei.len()))),
            _ => {
                // Pick `times` tags from the end backwards so offsets stay valid.
                let mut picked: Vec<(usize, usize)> = (0..times)
                    .map(|k| tags[(at.index(tags.len()) + k * 7919) % tags.len()])
                    .collect();
                picked.sort_unstable();
                picked.dedup();
                for (start, end) in picked.into_iter().rev() {
                    if how == 1 {
                        out.replace_range(start..end, "");
                    } else {
                        let tag = out[start..end].to_string();
                        out.insert_str(start, &tag);
                    }
                }
            }
        }
        out
    })
}

// Case counts are kept small: one read of a source costs ~150 ms in a debug
// build (the config's patterns are compiled per read). The fuzz harness in
// fuzz/ runs the same readers for millions of inputs in release.
proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn source_reader_never_panics_on_any_string(text in any::<String>()) {
        let _ = read_source(&text, "any.txt", &CONFIG);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn source_reader_never_panics_on_mutated_samples(text in mutated_source()) {
        let (edition, diagnostics) = read_source(&text, "mutated.txt", &CONFIG);
        // Whatever it read can be written and exported.
        if !diagnostics.iter().any(|d| d.severity == teikit::diagnostic::Severity::Error) {
            let tei = write_tei(&edition, &Default::default());
            let _ = export_text(&edition, &TextOptions { config: &CONFIG });
            let (_, again) = read_tei(&tei);
            prop_assert!(
                again.iter().all(|d| d.severity != teikit::diagnostic::Severity::Error),
                "teikit cannot read its own TEI: {:?}", again
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn tei_reader_never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = read_tei(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn tei_reader_never_panics_on_xml_like_bytes(
        parts in prop::collection::vec(prop::sample::select(vec![
            "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">", "</TEI>", "<text>", "</text>",
            "<body>", "</body>", "<div type=\"document\" n=\"5\">", "</div>", "<p>", "</p>",
            "<gap/>", "<supplied>", "</supplied>", "<note place=\"foot\">", "</note>",
            "&amp;", "&#x2014;", "&#0;", "&#xD800;", "&bogus;", "<![CDATA[x]]>", "<!-- c -->",
            "<?pi x?>", "<!DOCTYPE TEI>", "text", "<a b='1' b='2'>", "</a>", "<", ">", "&",
            "<div type=\"document\" xml:id=\"\">", "<head>", "</head>", "<bibl>", "</bibl>",
        ]), 0..40)
    ) {
        let _ = read_tei(&parts.concat());
    }

    #[test]
    fn tei_reader_never_panics_on_mutated_tei(tei in mutated_tei()) {
        let _ = read_tei(&tei);
    }
}

/// One generated document in the sample's line layout (its number comes from the edition).
#[derive(Debug, Clone)]
struct GenDocument {
    title: String,
    body: String,
    citation: String,
}

const WORDS: &[&str] = &[
    "the",
    "troops",
    "of",
    "government",
    "district",
    "regiment",
    "border",
    "order",
    "and",
    "question",
    "telegram",
    "delegation",
    "territory",
    "transit",
    "commission",
    "decision",
];
const NAMES: &[&str] = &[
    "Chicherin",
    "Legran",
    "Pugachev",
    "Pechersky",
    "Garf",
    "Klim",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(WORDS).prop_map(str::to_string)
}

fn capitalised(w: &str) -> String {
    let mut chars = w.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A sentence: a capitalised word, lower-case words, maybe an omission or a
/// supplied word between two of them, a full stop.
fn sentence() -> impl Strategy<Value = String> {
    (
        word(),
        prop::collection::vec(word(), 2..8),
        prop::option::of((any::<prop::sample::Index>(), 0..2u8, word())),
    )
        .prop_map(|(first, rest, mark)| {
            let mut words: Vec<String> = std::iter::once(capitalised(&first)).chain(rest).collect();
            if let Some((at, kind, w)) = mark {
                let at = 1 + at.index(words.len());
                let token = if kind == 0 {
                    "<…>".to_string()
                } else {
                    format!("[{w}]")
                };
                words.insert(at, token);
            }
            format!("{}.", words.join(" "))
        })
}

fn date() -> impl Strategy<Value = String> {
    (1..=28u8, prop::sample::select(MONTHS), 1918..=1925u16)
        .prop_map(|(d, m, y)| format!("{d} {m} {y}"))
}

fn title() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["Letter", "Telegram", "Report"][..]),
        prop::sample::select(NAMES),
        prop::sample::select(NAMES),
        prop::collection::vec(word(), 1..4),
        date(),
    )
        .prop_map(|(kind, from, to, about, date)| {
            format!(
                "{kind} from {from} to {to} on the {} {date}",
                about.join(" ")
            )
        })
}

fn citation() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["RGASPI", "RGVA"][..]),
        1..999u16,
        1..20u8,
        1..999u16,
        1..500u16,
        prop::sample::select(&["Copy.", "Original.", "Draft."][..]),
    )
        .prop_map(|(archive, f, op, d, p, status)| {
            format!("{archive}, f. {f}, op. {op}, d. {d}, p. {p}. {status}")
        })
}

fn closer() -> impl Strategy<Value = Option<String>> {
    prop::option::of(
        (0..2u8, prop::sample::select(NAMES)).prop_map(|(kind, name)| match kind {
            0 => format!("—{name}"),
            _ => format!("Military Commissar – {name}."),
        }),
    )
}

fn document() -> impl Strategy<Value = GenDocument> {
    (
        title(),
        prop::collection::vec(sentence(), 1..4),
        closer(),
        citation(),
    )
        .prop_map(|(title, sentences, closer, citation)| {
            let mut body = sentences.join(" ");
            if let Some(c) = closer {
                body.push(' ');
                body.push_str(&c);
            }
            GenDocument {
                title,
                body,
                citation,
            }
        })
}

/// A small edition: numbered documents in the sample's line layout.
fn edition_text() -> impl Strategy<Value = String> {
    (1..900u16, prop::collection::vec(document(), 1..4)).prop_map(|(first, docs)| {
        let mut text = String::new();
        for (i, d) in docs.iter().enumerate() {
            text.push_str(&format!(
                "No. {}\n{}\n{} {}\n",
                usize::from(first) + i,
                d.title,
                d.body,
                d.citation
            ));
        }
        text
    })
}

/// text → model → TEI → model → text.
fn round_trip(text: &str) -> (String, String) {
    let (edition, diagnostics) = read_source(text, "generated.txt", &CONFIG);
    assert!(
        diagnostics
            .iter()
            .all(|d| d.severity != teikit::diagnostic::Severity::Error),
        "{diagnostics:?}"
    );
    let tei = write_tei(&edition, &Default::default());
    let (read, tei_diagnostics) = read_tei(&tei);
    assert!(tei_diagnostics.is_empty(), "{tei_diagnostics:?}");
    (tei, export_text(&read, &TextOptions { config: &CONFIG }))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn generated_editions_survive_text_tei_text(text in edition_text()) {
        let (_, back) = round_trip(&text);
        prop_assert_eq!(back, text);
    }
}

#[test]
fn teikit_tei_of_generated_editions_is_valid() {
    // One jing run over 20 files: the schema is compiled once.
    if !support::tool_installed("teikit_tei_of_generated_editions_is_valid", "jing", &["-h"]) {
        return;
    }
    let mut runner = TestRunner::deterministic();
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for i in 0..20 {
        let text = edition_text().new_tree(&mut runner).unwrap().current();
        let (tei, _) = round_trip(&text);
        let file = dir.path().join(format!("gen-{i}.xml"));
        std::fs::write(&file, tei).unwrap();
        files.push(file);
    }
    if let Some(Err(report)) = support::jing_files(&files, &tei_all()) {
        panic!("{report}");
    }
}
