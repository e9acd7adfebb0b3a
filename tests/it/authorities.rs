//! `[authorities]`: names as printed mapped to authority URIs. The TEI gets
//! them as `@ref` (places in the text, persons in `listPerson`) and stays
//! valid; the HTML registers link them; a name mapped to two records of one
//! authority file is reported by the `ambiguous-authority` rule.

use crate::support;

use teikit::config::Config;
use teikit::export::html::{HtmlOptions, export_html};
use teikit::tei::write::{TeiOptions, write_tei};
use teikit::validate::{Schema, ValidateOptions, validate_text};

const WIKIDATA_OSTRIKOV: &str = "https://www.wikidata.org/entity/Q4115189";
const GEONAMES_TESMINSK: &str = "https://www.geonames.org/524901";

fn config(extra: &str) -> Config {
    let base = std::fs::read_to_string(support::root().join("tei/edition.toml")).unwrap();
    Config::from_toml(&format!(
        "{base}\n[authorities]\n\"P. Ostrikov\" = \"{WIKIDATA_OSTRIKOV}\"\n{extra}"
    ))
    .unwrap()
}

fn converted(config: &Config) -> (teikit::model::Edition, String) {
    let text = std::fs::read_to_string(support::root().join("tei/source.txt")).unwrap();
    let (edition, _) = teikit::source::read_source(&text, "source.txt", config);
    let options = TeiOptions {
        authorities: config.authorities.clone(),
        ..TeiOptions::default()
    };
    let tei = write_tei(&edition, &options);
    (edition, tei)
}

fn rule_findings(tei: &str) -> Vec<String> {
    let schema = Schema::tei_all().unwrap();
    let options = ValidateOptions {
        schema: &schema,
        profile: None,
        rules: true,
    };
    validate_text(tei, &options)
        .into_iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

#[test]
fn tei_carries_the_uris_as_ref_and_stays_valid() {
    let config = config(&format!("\"Tesminsk\" = [\"{GEONAMES_TESMINSK}\"]"));
    let (_, tei) = converted(&config);
    assert!(
        tei.contains(&format!(
            "<placeName ref=\"{GEONAMES_TESMINSK}\">Tesminsk</placeName>"
        )),
        "places in datelines"
    );
    assert!(
        tei.contains(&format!(
            "<persName ref=\"{WIKIDATA_OSTRIKOV}\">P. Ostrikov</persName>"
        )),
        "the person in listPerson"
    );
    if let Some(verdict) = support::jing(&tei, &support::tei_all()) {
        assert_eq!(verdict, Ok(()));
    }
    let findings = rule_findings(&tei);
    assert!(
        !findings.iter().any(|f| f.contains("ambiguous-authority")),
        "{findings:?}"
    );
    // Without the table nothing changes.
    let (_, plain) = converted(&Config::from_toml("").unwrap());
    assert!(!plain.contains("wikidata") && !plain.contains("geonames"));
}

#[test]
fn a_name_mapped_to_two_records_of_one_authority_is_reported() {
    let config = config(&format!(
        "\"Tesminsk\" = [\"{GEONAMES_TESMINSK}\", \"https://www.geonames.org/1\"]"
    ));
    let (_, tei) = converted(&config);
    let findings = rule_findings(&tei);
    assert!(
        findings
            .iter()
            .any(|f| f.starts_with("teikit::rules::ambiguous-authority")
                && f.contains("two geonames.org records")),
        "{findings:?}"
    );
}

#[test]
fn registers_link_the_authority_records() {
    let config = config(&format!("\"Tesminsk\" = \"{GEONAMES_TESMINSK}\""));
    let (edition, _) = converted(&config);
    let files = export_html(
        &edition,
        &HtmlOptions {
            authorities: Some(&config.authorities),
            ..HtmlOptions::default()
        },
    );
    let page = |name: &str| {
        files
            .iter()
            .find(|(p, _)| p == name)
            .map(|(_, c)| c.replace("&#x2f;", "/"))
            .unwrap()
    };
    let persons = page("persons.html");
    assert!(
        persons.contains(&format!(
            "<a class=\"authority\" href=\"{WIKIDATA_OSTRIKOV}\""
        )),
        "{persons}"
    );
    assert!(persons.contains(">Wikidata</a>"));
    let places = page("places.html");
    assert!(places.contains(&format!("href=\"{GEONAMES_TESMINSK}\"")));
    assert!(places.contains(">GeoNames</a>"));
}
