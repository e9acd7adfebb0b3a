//! Each edition rule against a passing fixture (no diagnostic of its code) and
//! a failing one (its diagnostic, snapshotted with line and column).

use std::path::Path;
use std::sync::OnceLock;

use teikit::diagnostic::{LineIndex, Rendered};
use teikit::validate::rules::REGISTRY;
use teikit::validate::{Schema, ValidateOptions, validate_text};

const DIR: &str = "tests/fixtures/validate/rules";

fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| Schema::tei_all().unwrap())
}

/// Diagnostics of a fixture (schema and rules), rendered.
fn rendered(name: &str) -> Vec<Rendered> {
    let path = Path::new(DIR).join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let options = ValidateOptions {
        schema: schema(),
        profile: None,
        rules: true,
    };
    let index = LineIndex::new(&text);
    validate_text(&text, &options)
        .iter()
        .map(|d| Rendered::new(d, name, &index))
        .collect()
}

/// The rule's short name: `teikit::rules::duplicate-id` → `duplicate-id`.
fn short(code: &str) -> &str {
    code.rsplit("::").next().unwrap()
}

#[test]
fn passing_fixture_has_no_finding_of_any_rule() {
    let found = rendered("pass.xml");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn every_rule_has_a_failing_fixture_with_its_diagnostic() {
    for rule in REGISTRY {
        let name = format!("{}-fail.xml", short(rule.code));
        let all = rendered(&name);
        let own: Vec<String> = all
            .iter()
            .filter(|r| r.code == rule.code)
            .map(ToString::to_string)
            .collect();
        assert!(
            !own.is_empty(),
            "{name}: no {} diagnostic in {all:#?}",
            rule.code
        );
        insta::assert_snapshot!(short(rule.code), own.join("\n"));
    }
}

#[test]
fn every_rule_is_listed_with_a_description_and_a_fix() {
    let mut codes: Vec<&str> = REGISTRY.iter().map(|r| r.code).collect();
    for rule in REGISTRY {
        assert!(rule.code.starts_with("teikit::rules::"), "{}", rule.code);
        assert!(!rule.description.is_empty() && !rule.description.contains('\n'));
        assert!(!rule.fix.is_empty());
    }
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), REGISTRY.len(), "codes are unique");
}
