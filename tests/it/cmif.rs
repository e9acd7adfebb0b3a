//! `--to cmif`: one `correspDesc` per letter or telegram whose sender and
//! addressee the title names, with the dateline's place and date; valid
//! against tei_all (jing); letters that cannot be read are warnings; authority
//! URIs from `[authorities]` become `@ref`.

use crate::support;

use teikit::config::Config;
use teikit::export::cmif::{CmifOptions, codes, export_cmif};
use teikit::export::facts::{document_date, document_place};
use teikit::model::Edition;
use teikit::tei::read::read_tei;

fn sample() -> Edition {
    support::convert("barsegov-555-570.txt", &Config::builtin()).0
}

fn example() -> Edition {
    let xml = std::fs::read_to_string(support::root().join("tei/edition.xml")).unwrap();
    read_tei(&xml).0
}

fn russian() -> Edition {
    support::convert("russian-telegrams.txt", &Config::builtin()).0
}

/// The `correspDesc` elements of a CMIF file, as text.
fn corresp_descs(xml: &str) -> Vec<&str> {
    xml.match_indices("<correspDesc")
        .filter_map(|(i, _)| xml[i..].find("</correspDesc>").map(|e| &xml[i..i + e]))
        .collect()
}

fn attribute<'x>(element: &'x str, name: &str) -> Option<&'x str> {
    let key = format!(" {name}=\"");
    let at = element.find(&key)? + key.len();
    element[at..].split('"').next()
}

#[test]
fn cmif_is_valid_tei_with_one_corresp_desc_per_readable_letter() {
    for (label, edition) in [
        ("sample", sample()),
        ("tei/", example()),
        ("russian", russian()),
    ] {
        let (xml, warnings) = export_cmif(&edition, &CmifOptions::default());
        if let Some(verdict) = support::jing(&xml, &support::tei_all()) {
            assert_eq!(verdict, Ok(()), "{label}: {xml}");
        }
        let descs = corresp_descs(&xml);
        // Every letter is either described or reported; none is both.
        assert!(
            warnings
                .iter()
                .all(|w| w.code == codes::UNREADABLE_CORRESPONDENT),
            "{label}"
        );
        for w in &warnings {
            let n = w.message.split(':').next().unwrap();
            let n = n.trim_start_matches("No. ").trim_matches(['[', ']', '?']);
            assert!(
                !descs.iter().any(|d| attribute(d, "key") == Some(n)),
                "{label}: No. {n} is both warned about and described"
            );
        }
        for desc in &descs {
            let sent = desc
                .split("<correspAction type=\"received\">")
                .next()
                .unwrap();
            let received = desc
                .split("<correspAction type=\"received\">")
                .nth(1)
                .unwrap();
            assert!(sent.contains("<correspAction type=\"sent\">"), "{label}");
            for action in [sent, received] {
                assert!(
                    action.contains("<persName>") || action.contains("<orgName>"),
                    "{label}: {desc}"
                );
            }
            // Place and date are the dateline's.
            let n = attribute(desc, "key").expect("the number as key");
            let doc = edition
                .documents
                .iter()
                .find(|d| d.n.as_deref() == Some(n))
                .unwrap();
            match document_place(doc) {
                Some(place) => assert!(sent.contains(&format!("<placeName>{place}</placeName>"))),
                None => assert!(!sent.contains("<placeName")),
            }
            if let Some(when) = document_date(doc).and_then(|d| d.when.clone()) {
                assert!(
                    sent.contains(&format!("<date when=\"{}\"/>", &when[..10])),
                    "{desc}"
                );
            }
        }
        match label {
            // Both documents are telegrams or letters whose Russian titles
            // name the correspondents in cases the reader does not parse.
            "russian" => {
                assert!(descs.is_empty());
                assert_eq!(warnings.len(), 2);
            }
            _ => assert!(descs.len() >= 5, "{label}: {} letters", descs.len()),
        }
    }
}

#[test]
fn cmif_names_senders_addressees_places_and_dates_of_the_example() {
    let (xml, warnings) = export_cmif(&example(), &CmifOptions::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    let descs = corresp_descs(&xml);
    let d304 = descs
        .iter()
        .find(|d| attribute(d, "key") == Some("304"))
        .expect("No. 304, a telegram");
    assert!(d304.contains(
        "<correspAction type=\"sent\">\n          <persName>A. Kramer</persName>\n          <placeName>Tesminsk</placeName>\n          <date when=\"1921-08-19\"/>"
    ), "{d304}");
    assert!(
        d304.contains(
            "<correspAction type=\"received\">\n          <persName>P. Ostrikov</persName>"
        )
    );
    let d303 = descs
        .iter()
        .find(|d| attribute(d, "key") == Some("303"))
        .unwrap();
    assert!(d303.contains("<orgName>the People’s Commissariat for Food</orgName>"));
    // Reports and resolutions are not correspondence.
    assert!(!descs.iter().any(|d| attribute(d, "key") == Some("302")));
}

#[test]
fn unreadable_letters_are_warnings_pointing_at_their_title() {
    let (edition, _, text) = support::convert("russian-telegrams.txt", &Config::builtin());
    let (_, warnings) = export_cmif(&edition, &CmifOptions::default());
    assert_eq!(warnings.len(), 2);
    for w in &warnings {
        assert!(!w.span.is_empty(), "a location");
        assert!(
            edition
                .documents
                .iter()
                .any(|d| d.heads.first().is_some_and(|h| h.span == w.span)),
            "{}: points at a title: {}",
            w.message,
            &text[w.span.start..w.span.end]
        );
    }
}

#[test]
fn authorities_become_refs_and_the_site_url_links_each_letter() {
    let config = Config::from_toml(
        r#"
[authorities]
"P. Ostrikov" = "https://www.wikidata.org/entity/Q4115189"
"Tesminsk" = ["https://www.geonames.org/524901", "https://www.wikidata.org/entity/Q649"]
"#,
    )
    .unwrap();
    let (xml, _) = export_cmif(
        &example(),
        &CmifOptions {
            config: Some(&config),
            site_url: Some("https://example.org/tesma/"),
            date: Some(jiff::civil::date(2026, 12, 4)),
        },
    );
    if let Some(verdict) = support::jing(&xml, &support::tei_all()) {
        assert_eq!(verdict, Ok(()), "{xml}");
    }
    assert!(xml.contains(
        "<persName ref=\"https://www.wikidata.org/entity/Q4115189\">P. Ostrikov</persName>"
    ));
    assert!(xml.contains("<placeName ref=\"https://www.geonames.org/524901 https://www.wikidata.org/entity/Q649\">Tesminsk</placeName>"));
    assert!(xml.contains("ref=\"https://example.org/tesma/d304.html\""));
    assert!(xml.contains("<idno type=\"url\">https://example.org/tesma/cmif.xml</idno>"));
    assert!(xml.contains("<date when=\"2026-12-04\"/>"));
}

#[test]
fn cli_writes_cmif_and_reports_unreadable_letters() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmif.xml");
    let fixture = support::root().join("tests/fixtures/russian-telegrams.txt");
    let o = support::teikit(&[
        "export",
        fixture.to_str().unwrap(),
        "--to",
        "cmif",
        "-o",
        out.to_str().unwrap(),
        "--diagnostics",
        "json",
    ]);
    assert!(o.status.success(), "{}", support::stderr(&o));
    assert!(support::codes(&o).contains(&codes::UNREADABLE_CORRESPONDENT.to_string()));
    let xml = std::fs::read_to_string(&out).unwrap();
    assert!(xml.contains("<profileDesc>") && !xml.contains("<correspDesc"));
}
