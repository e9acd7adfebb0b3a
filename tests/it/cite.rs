//! Citations of documents: the BibTeX and CSL-JSON beside each document page
//! parse (BibTeX with a small reader of its entry grammar, CSL-JSON with
//! serde_json against the CSL field names and types) and carry the edition,
//! number, title, date, archive shelfmark and, with `site_url`, the URL.

use crate::support;

use std::collections::BTreeMap;

use teikit::config::Config;
use teikit::export::cite::{CiteOptions, export_bibtex, export_csl_json};
use teikit::export::facts::{date_range, document_date};
use teikit::export::html::{HtmlOptions, export_html};
use teikit::model::Edition;
use teikit::tei::read::read_tei;

/// One BibTeX entry: type, key, fields (name lower-cased → value without the outer braces).
#[derive(Debug)]
struct Entry {
    kind: String,
    key: String,
    fields: BTreeMap<String, String>,
}

/// Reads `@type{key, name = {value}, …}` entries; every brace must balance and
/// every `\` must escape something, or the test fails with the position.
fn parse_bibtex(text: &str) -> Vec<Entry> {
    let chars: Vec<char> = text.chars().collect();
    let mut at = 0;
    let mut entries = Vec::new();
    let skip_ws = |at: &mut usize| {
        while *at < chars.len() && chars[*at].is_whitespace() {
            *at += 1;
        }
    };
    let word = |at: &mut usize| {
        let start = *at;
        while *at < chars.len() && (chars[*at].is_alphanumeric() || "-_:.".contains(chars[*at])) {
            *at += 1;
        }
        chars[start..*at].iter().collect::<String>()
    };
    loop {
        skip_ws(&mut at);
        if at >= chars.len() {
            break;
        }
        assert_eq!(chars[at], '@', "entry start at {at}");
        at += 1;
        let kind = word(&mut at).to_lowercase();
        assert_eq!(chars[at], '{', "after @{kind}");
        at += 1;
        let key = word(&mut at);
        assert!(!key.is_empty(), "key of @{kind}");
        let mut fields = BTreeMap::new();
        loop {
            skip_ws(&mut at);
            match chars[at] {
                ',' => at += 1,
                '}' => {
                    at += 1;
                    break;
                }
                c => panic!("unexpected {c:?} at {at} in {key}"),
            }
            skip_ws(&mut at);
            if chars[at] == '}' {
                at += 1;
                break;
            }
            let name = word(&mut at).to_lowercase();
            skip_ws(&mut at);
            assert_eq!(chars[at], '=', "after field {name} of {key}");
            at += 1;
            skip_ws(&mut at);
            assert_eq!(chars[at], '{', "value of {name} in {key}");
            at += 1;
            let (mut depth, start) = (1, at);
            while depth > 0 {
                match chars.get(at) {
                    Some('\\') => at += 1,
                    Some('{') => depth += 1,
                    Some('}') => depth -= 1,
                    Some(_) => {}
                    None => panic!("unbalanced value of {name} in {key}"),
                }
                at += 1;
            }
            let value: String = chars[start..at - 1].iter().collect();
            assert!(fields.insert(name.clone(), value).is_none(), "{name} twice");
        }
        entries.push(Entry { kind, key, fields });
    }
    entries
}

fn sample() -> Edition {
    let (edition, _, _) = support::convert("barsegov-555-570.txt", &Config::builtin());
    edition
}

fn example() -> Edition {
    let xml = std::fs::read_to_string(support::root().join("tei/edition.xml")).unwrap();
    read_tei(&xml).0
}

#[test]
fn bibtex_of_every_document_parses_with_its_fields() {
    for (label, edition) in [("sample", sample()), ("tei/", example())] {
        let bib = export_bibtex(&edition, &CiteOptions::default());
        let entries = parse_bibtex(&bib);
        assert_eq!(entries.len(), edition.documents.len(), "{label}");
        for (entry, doc) in entries.iter().zip(&edition.documents) {
            assert_eq!(entry.kind, "misc");
            assert_eq!(entry.key, doc.id, "{label}");
            assert_eq!(entry.fields.get("number"), doc.n.as_ref(), "{label}");
            let title = &entry.fields["title"];
            let fragment = doc.kind == teikit::model::DocumentKind::Fragment;
            assert!(fragment || title.len() > 10, "{label} {}: {title}", doc.id);
            assert!(
                entry.fields["booktitle"]
                    .starts_with(edition.header.title.split(':').next().unwrap()),
                "{label}"
            );
            assert!(!entry.fields.contains_key("url"), "no site_url, no URL");
        }
        // A date wherever the dateline has a machine-readable one; an archive wherever cited.
        for (entry, doc) in entries.iter().zip(&edition.documents) {
            let dated = document_date(doc).and_then(date_range).is_some();
            assert_eq!(
                entry.fields.contains_key("date"),
                dated,
                "{label} {}",
                doc.id
            );
            assert_eq!(
                entry.fields.contains_key("note"),
                doc.witnesses.is_some(),
                "{label} {}",
                doc.id
            );
        }
        let dated = entries
            .iter()
            .filter(|e| e.fields.contains_key("date"))
            .count();
        assert!(dated * 10 >= entries.len() * 7, "{label}: {dated} dated");
    }
}

#[test]
fn bibtex_keeps_known_values() {
    let edition = example();
    let bib = export_bibtex(
        &edition,
        &CiteOptions {
            site_url: Some("https://example.org/tesma/"),
            document: Some("d306"),
        },
    );
    let entries = parse_bibtex(&bib);
    assert_eq!(entries.len(), 1);
    let f = &entries[0].fields;
    assert_eq!(f["date"], "1921-09-02");
    assert_eq!(f["year"], "1921");
    assert_eq!(f["note"], "TOGA, f. 112, op. 1, d. 14, pp. 31–32");
    assert_eq!(f["editor"], "Anna Verbitskaya");
    assert_eq!(f["url"], "https://example.org/tesma/d306.html");
    assert!(f["title"].starts_with("No. 306. Record of a Direct-Wire Conversation"));
}

#[test]
fn bibtex_escapes_tex_specials() {
    let mut edition = example();
    edition.header.title = "50% of {all} & more_#1 \\ ~^$".into();
    let bib = export_bibtex(&edition, &CiteOptions::default());
    let entries = parse_bibtex(&bib);
    assert_eq!(
        entries[0].fields["booktitle"],
        "50\\% of \\{all\\} \\& more\\_\\#1 \\textbackslash{} \\~{}\\^{}\\$"
    );
}

#[test]
fn csl_json_items_have_csl_fields_and_types() {
    for (label, edition) in [("sample", sample()), ("tei/", example())] {
        let json = export_csl_json(
            &edition,
            &CiteOptions {
                site_url: Some("https://example.org/ed"),
                document: None,
            },
        );
        let items: serde_json::Value = serde_json::from_str(&json).expect("CSL-JSON parses");
        let items = items.as_array().expect("an array of items");
        assert_eq!(items.len(), edition.documents.len(), "{label}");
        for (item, doc) in items.iter().zip(&edition.documents) {
            assert_eq!(item["id"], doc.id.as_str());
            assert_eq!(item["type"], "manuscript");
            assert!(item["title"].as_str().is_some_and(|t| !t.is_empty()));
            assert_eq!(item["container-title"], edition.header.title.as_str());
            assert_eq!(
                item["URL"],
                format!("https://example.org/ed/{}.html", doc.id).as_str()
            );
            if let Some(n) = &doc.n {
                assert_eq!(item["number"], n.as_str());
            }
            if let Some(issued) = item.get("issued") {
                let parts = issued.get("date-parts").and_then(|p| p.as_array());
                let literal = issued.get("literal").and_then(|l| l.as_str());
                assert!(parts.is_some() || literal.is_some(), "{label}: {issued}");
                for range in parts.into_iter().flatten() {
                    let range = range.as_array().expect("date-parts are arrays");
                    assert!((1..=3).contains(&range.len()));
                    assert!(range.iter().all(|n| n.as_i64().is_some()), "{issued}");
                }
            }
            for name in ["archive", "archive_location", "archive-place", "publisher"] {
                if let Some(v) = item.get(name) {
                    assert!(v.is_string(), "{name} is a string");
                }
            }
            if let Some(editors) = item.get("editor") {
                assert!(
                    editors
                        .as_array()
                        .is_some_and(|e| e.iter().all(|n| n.is_object()))
                );
            }
        }
    }
    let json = export_csl_json(
        &example(),
        &CiteOptions {
            site_url: None,
            document: Some("d302"),
        },
    );
    let items: serde_json::Value = serde_json::from_str(&json).unwrap();
    // `August 9 or 10, 1921`: notBefore/notAfter become a two-date range.
    assert_eq!(
        items[0]["issued"]["date-parts"],
        serde_json::json!([[1921, 8, 9], [1921, 8, 10]])
    );
    assert_eq!(
        items[0]["archive_location"].as_str().map(|s| s.is_empty()),
        Some(false)
    );
}

#[test]
fn document_pages_link_their_citation_files_and_show_the_citation() {
    let edition = example();
    let files = export_html(
        &edition,
        &HtmlOptions {
            single_file: false,
            site_url: Some("https://example.org/tesma"),
            authorities: None,
        },
    );
    let get = |name: &str| {
        files
            .iter()
            .find(|(p, _)| p == name)
            .map(|(_, c)| c.as_str())
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    for doc in &edition.documents {
        // minijinja escapes `/` in text and attributes as `&#x2f;`.
        let page = get(&format!("{}.html", doc.id)).replace("&#x2f;", "/");
        assert!(page.contains("Cite this document"), "{}", doc.id);
        assert!(page.contains(&format!("href=\"{}.bib\"", doc.id)));
        assert!(page.contains(&format!("href=\"{}.csl.json\"", doc.id)));
        assert!(
            page.contains(&format!("https://example.org/tesma/{}.html", doc.id)),
            "{}",
            doc.id
        );
        assert_eq!(parse_bibtex(get(&format!("{}.bib", doc.id))).len(), 1);
        let csl: serde_json::Value =
            serde_json::from_str(get(&format!("{}.csl.json", doc.id))).unwrap();
        assert_eq!(csl[0]["id"], doc.id.as_str());
    }
    let d306 = get("d306.html").replace("&#x2f;", "/");
    assert!(d306.contains("<p class=\"citation\">No. 306. Record of a Direct-Wire Conversation"));
    assert!(d306.contains("2 September 1921. In: Hunger on the Tesma"));
    assert!(d306.contains("TOGA, f. 112, op. 1, d. 14, pp. 31–32."));
}
