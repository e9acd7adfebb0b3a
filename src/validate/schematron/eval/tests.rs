//! Tests of the Schematron walk (`eval`), kept beside it so the code reads on its own.

use std::path::Path;

use super::super::compile::mentions;
use crate::diagnostic::Diagnostic;
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
    agreed(&schema, document, |d| {
        format!("{} {}", d.message, d.span.start)
    })
}

/// The messages of `schema`'s rules on `document`, sorted.
fn messages(schema: &str, document: &str) -> Vec<String> {
    agreed(schema, document, |d| d.message.clone())
}

/// What `show` makes of each finding of `schema`'s rules on `document`,
/// sorted; the one walk and selecting each context must agree.
fn agreed(schema: &str, document: &str, show: impl Fn(&Diagnostic) -> String) -> Vec<String> {
    let schematron = Schematron::from_schema(schema, Path::new(".")).expect("rules");
    let sorted = |diagnostics: Vec<Diagnostic>| {
        let mut shown: Vec<String> = diagnostics.iter().map(&show).collect();
        shown.sort();
        shown
    };
    let walked = sorted(schematron.check(document));
    assert_eq!(
        walked,
        sorted(schematron.check_selecting_each_context(document))
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

/// A report whose test the walk decides from the tree first (the first
/// child element's local name, white space alone) fires exactly where
/// XPath says: the tree's answer only skips nodes where it cannot.
#[test]
fn reports_on_the_content_fire_where_xpath_says() {
    let schema = r#"<grammar xmlns="http://relaxng.org/ns/structure/1.0" xmlns:sch="http://purl.oclc.org/dsdl/schematron">
  <sch:ns prefix="x" uri="urn:x"/>
  <start><element><anyName/><text/></element></start>
  <sch:pattern id="p"><sch:rule context="x:m"><sch:report test="not(parent::x:skip) and (local-name(*[1])='b' or normalize-space(.)='')">m <sch:value-of select="@n"/></sch:report></sch:rule></sch:pattern>
  <sch:pattern id="q"><sch:rule context="@n"><sch:report test="normalize-space(.) eq ''">blank n</sch:report></sch:rule></sch:pattern>
</grammar>"#;
    let document = "<a xmlns='urn:x'>\
        <m n='1'><b/></m>\
        <m n='2'> <c/>\n</m>\
        <m n='3'>text<c/></m>\
        <m n='4'>\t </m>\
        <m n='5'><?pi?><b/>x</m>\
        <m n='6'><y:b xmlns:y='urn:y'/></m>\
        <m n='7'>t<c><b/></c></m>\
        <m n='8'><c>x</c></m>\
        <m n='9'/>\
        <skip><m n='10'/></skip>\
        <m n=' '>y</m>\
        </a>";
    let found = messages(schema, document);
    assert_eq!(found, ["blank n", "m 1", "m 2", "m 4", "m 5", "m 6", "m 9"]);
}

/// Checks whose whole test is decided on the tree (attributes, ancestors)
/// fire exactly where XPath says, asserts and reports alike, with their
/// messages' values evaluated.
#[test]
fn checks_decided_on_the_tree_fire_where_xpath_says() {
    let schema = r#"<grammar xmlns="http://relaxng.org/ns/structure/1.0" xmlns:sch="http://purl.oclc.org/dsdl/schematron">
  <sch:ns prefix="x" uri="urn:x"/>
  <start><element><anyName/><text/></element></start>
  <sch:pattern id="p"><sch:rule context="x:e"><sch:assert test="@type">untyped <sch:value-of select="@n"/></sch:assert><sch:report test="@a and @b">both <sch:value-of select="@n"/></sch:report></sch:rule></sch:pattern>
  <sch:pattern id="q"><sch:rule context="@n"><sch:assert test="ancestor::x:keep">outside <sch:value-of select="."/></sch:assert></sch:rule></sch:pattern>
</grammar>"#;
    let document = "<a xmlns='urn:x'><e n='1' type='t'/><e n='2'/><e n='3' a='' b=''/>\
        <keep><e n='4' type='' a=''/><e n='5' a='1' b='2' type='u'/></keep></a>";
    let found = messages(schema, document);
    assert_eq!(
        found,
        [
            "both 3",
            "both 5",
            "outside 1",
            "outside 2",
            "outside 3",
            "untyped 2",
            "untyped 3"
        ]
    );
}
