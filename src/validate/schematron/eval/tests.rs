//! Tests of the Schematron walk (`eval`), kept beside it so the code reads on its own.

use std::path::Path;

use super::super::compile::mentions;
use crate::validate::schematron::Schematron;

/// Where each rule of `rules` ((context, label)) reports in `document`,
/// as "label byte-offset", sorted; the one walk and selecting each
/// context must agree.
fn reports(rules: &[(&str, &str)], document: &str) -> Vec<String> {
    let patterns: String = rules
            .iter()
            .enumerate()
            .map(|(i, (context, label))| {
                format!(
                    "<sch:pattern id=\"p{i}\"><sch:rule context=\"{context}\"><sch:report test=\"true()\">{label}</sch:report></sch:rule></sch:pattern>"
                )
            })
            .collect();
    let schema = format!(
        r#"<grammar xmlns="http://relaxng.org/ns/structure/1.0" xmlns:sch="http://purl.oclc.org/dsdl/schematron">
  <sch:ns prefix="x" uri="urn:x"/>
  <start><element><anyName/><text/></element></start>
  {patterns}
</grammar>"#
    );
    let schematron = Schematron::from_schema(&schema, Path::new(".")).expect("rules");
    let shown = |diagnostics: Vec<crate::diagnostic::Diagnostic>| {
        let mut shown: Vec<String> = diagnostics
            .iter()
            .map(|d| format!("{} {}", d.message, d.span.start))
            .collect();
        shown.sort();
        shown
    };
    let walked = shown(schematron.check(document));
    assert_eq!(
        walked,
        shown(schematron.check_selecting_each_context(document))
    );
    walked
}

#[test]
fn plain_parents_are_checked_on_the_tree_as_xpath_would() {
    let document = r#"<a xmlns="urn:x"><b n="1"><c n="2"/></b><c n="3"/><d><b><c/></b></d></a>"#;
    let rules = [
        ("x:b/x:c", "bc"),
        ("x:a/x:b/x:c", "abc"),
        ("x:b/@n", "bn"),
        ("x:c/@n", "cn"),
        ("x:d/x:b/x:c", "dbc"),
        ("x:missing/x:c", "none"),
        ("c/x:b", "none"),
    ];
    let found = reports(&rules, document);
    let at = |label: &str| -> Vec<&str> {
        found
            .iter()
            .filter_map(|f| f.strip_prefix(label).and_then(|r| r.strip_prefix(' ')))
            .collect()
    };
    let c_in_b = document.find("<c n=\"2\"").unwrap().to_string();
    let c_in_dbc = document.find("<c/>").unwrap().to_string();
    assert_eq!(at("bc"), [c_in_b.as_str(), c_in_dbc.as_str()]);
    assert_eq!(at("abc"), [c_in_b.as_str()]);
    assert_eq!(at("dbc"), [c_in_dbc.as_str()]);
    assert_eq!(at("bn").len(), 1);
    assert_eq!(at("cn").len(), 2);
    assert!(at("none").is_empty(), "{found:?}");
}

fn check(expression: &str, name: &str, expect: bool) {
    assert_eq!(mentions(expression, name), expect, "{expression} / {name}");
}

#[test]
fn an_expression_declares_the_variables_it_mentions_and_no_others() {
    check("$x = 1", "x", true);
    check("count($ x) > 0", "x", true);
    check("@n = $teikit-current/@n", "teikit-current", true);
    check("$xy = 1", "x", false);
    check("$x-y = 1", "x", false);
    check("$x.y = 1", "x", false);
    check("$p:x = 1", "p", false);
    check("x = 1", "x", false);
    check("$y, $x", "x", true);
}
