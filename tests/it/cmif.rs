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

/// Invented Russian letters: three readable titles (bare surnames, initials,
/// feminine and adjectival surnames, an institution after `в`), a role phrase
/// as addressee and a surname whose case ending is ambiguous.
fn russian_letters() -> Edition {
    support::convert("russian-letters.txt", &Config::builtin()).0
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
        ("russian letters", russian_letters()),
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
            // Both titles name sender (genitive) and addressee (dative) by name.
            "russian" => {
                assert_eq!(descs.len(), 2, "{xml}");
                assert!(warnings.is_empty(), "{warnings:?}");
            }
            // Nos. 4 and 5 cannot be read for certain: reported, left out.
            "russian letters" => {
                let keys: Vec<_> = descs.iter().filter_map(|d| attribute(d, "key")).collect();
                assert_eq!(keys, ["1", "2", "3"], "{xml}");
                assert_eq!(warnings.len(), 2, "{warnings:?}");
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

/// The `correspAction` of `kind` (`sent`, `received`) in a `correspDesc`.
fn action<'d>(desc: &'d str, kind: &str) -> &'d str {
    let start = desc
        .find(&format!("<correspAction type=\"{kind}\">"))
        .unwrap();
    let end = desc[start..].find("</correspAction>").unwrap() + start;
    &desc[start..end]
}

#[test]
fn russian_titles_give_sender_and_addressee_in_the_nominative() {
    let (xml, _) = export_cmif(&russian(), &CmifOptions::default());
    let (letters, _) = export_cmif(&russian_letters(), &CmifOptions::default());
    let descs: Vec<&str> = corresp_descs(&xml)
        .into_iter()
        .chain(corresp_descs(&letters))
        .collect();
    let names = |kind: &str| -> Vec<&str> {
        descs
            .iter()
            .map(|d| {
                let a = action(d, kind);
                let start = a.find("Name>").unwrap() + "Name>".len();
                let end = a[start..].find("</").unwrap() + start;
                &a[start..end]
            })
            .collect()
    };
    // “Телеграмма В. И. Ленина … Б. С. Стомонякову”, “Письмо Г. В. Чичерина
    // В. И. Ленину”, then “Письмо Ленина Сталину”, “Записка Н. К. Крупской
    // Ф. Э. Дзержинскому”, “Телеграмма Б. В. Леграна в ЦК РКП(б)”.
    assert_eq!(
        names("sent"),
        [
            "В. И. Ленин",
            "Г. В. Чичерин",
            "Ленин",
            "Н. К. Крупская",
            "Б. В. Легран"
        ]
    );
    assert_eq!(
        names("received"),
        [
            "Б. С. Стомоняков",
            "В. И. Ленин",
            "Сталин",
            "Ф. Э. Дзержинский",
            "ЦК РКП(б)"
        ]
    );
    assert!(action(descs[4], "received").contains("<orgName>ЦК РКП(б)</orgName>"));
    assert!(action(descs[2], "sent").contains("<placeName>Москва</placeName>"));
}

#[test]
fn unreadable_letters_are_warnings_pointing_at_their_title() {
    let (edition, _, text) = support::convert("russian-letters.txt", &Config::builtin());
    let (_, warnings) = export_cmif(&edition, &CmifOptions::default());
    assert_eq!(warnings.len(), 2);
    // Each says why: a role phrase, an ending that does not give the nominative.
    assert!(
        warnings[0].message.contains("no addressee is named"),
        "{}",
        warnings[0].message
    );
    assert!(
        warnings[1].message.contains("“Ягоды”"),
        "{}",
        warnings[1].message
    );
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
    let fixture = support::root().join("tests/fixtures/russian-letters.txt");
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
    assert_eq!(corresp_descs(&xml).len(), 3, "{xml}");
}
