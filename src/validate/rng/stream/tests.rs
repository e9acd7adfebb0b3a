//! Tests of the streaming validator (`stream`), kept beside it so the code reads on its own.

use super::super::Grammar;
use super::super::read::Loader;
use super::*;

struct NoFiles;

impl Loader for NoFiles {
    fn load(&self, path: &std::path::Path) -> Result<String, String> {
        Err(format!("{} not found", path.display()))
    }
}

/// Elements in a namespace, a QName-typed attribute (read with the
/// validator's own scope), IDs and IDREFs, typed text.
const SCHEMA: &str = r#"<grammar xmlns="http://relaxng.org/ns/structure/1.0"
        ns="urn:d" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
      <start><element name="r"><zeroOrMore><ref name="e"/></zeroOrMore></element></start>
      <define name="e"><element name="e">
        <optional><attribute name="id"><data type="ID"/></attribute></optional>
        <optional><attribute name="ref"><data type="IDREF"/></attribute></optional>
        <optional><attribute name="kind"><data type="QName"/></attribute></optional>
        <optional><attribute name="n"><data type="integer"/></attribute></optional>
        <choice><data type="integer"/><element name="b"><empty/></element></choice>
      </element></define>
    </grammar>"#;

fn rendered(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| format!("{} {:?} {} {:?}", d.code, d.span, d.message, d.expected))
        .collect()
}

/// Diagnostics of `doc`, events read on this thread or on a second one.
fn diagnostics(grammar: &Grammar, doc: &str, threaded: bool) -> Vec<String> {
    let mut reader = XmlReader::new(doc);
    grammar.with_engine(|engine| {
        rendered(&if threaded {
            pipe::pipelined(&mut reader, |events| {
                validate_events(engine, doc, events, None)
            })
        } else {
            validate_events(engine, doc, &mut reader, None)
        })
    })
}

fn check(grammar: &Grammar, doc: &str, errors: usize) {
    let direct = diagnostics(grammar, doc, false);
    assert_eq!(
        direct.len(),
        errors,
        "{:#?}",
        &direct[..direct.len().min(12)]
    );
    assert_eq!(diagnostics(grammar, doc, true), direct);
}

#[test]
fn reading_on_a_second_thread_gives_the_same_diagnostics() {
    let grammar =
        Grammar::compile_cached(SCHEMA, std::path::Path::new("t.rng"), &NoFiles, None).unwrap();
    check(
        &grammar,
        r#"<r xmlns="urn:d"><e id="a">1</e><e ref="a"><b/></e></r>"#,
        0,
    );
    check(
        &grammar,
        r#"<r xmlns="urn:d" xmlns:p="urn:p"><e kind="p:x">1</e><e kind="q:x">1</e></r>"#,
        1,
    );
    // Many batches, with mistakes of every kind spread over them; a
    // prefix declared inside the document and undeclared elements.
    let mut doc = String::from(r#"<r xmlns="urn:d">"#);
    let mut errors = 0;
    for i in 0..20_000 {
        doc.push_str(&match i % 1000 {
            7 => {
                errors += 1;
                format!(r#"<e n="x{i}">{i}</e>"#)
            }
            8 => {
                errors += 1;
                format!("<e><c/>{i}</e>")
            }
            9 => {
                errors += 1;
                // The ID of an element further on: that one is the duplicate.
                format!(r#"<e id="i{}">{i}</e>"#, i + 91)
            }
            10 => {
                errors += 1;
                format!(r#"<e ref="nowhere{i}">{i}</e>"#)
            }
            11 => {
                // Not allowed, then the content is incomplete.
                errors += 2;
                r#"<e xmlns:k="urn:k" kind="k:x"><k:b/></e>"#.to_string()
            }
            12 => format!(r#"<e xmlns:k="urn:k" kind="k:x">{i}</e>"#),
            _ => format!(r#"<e id="i{i}">{i}</e>"#),
        });
    }
    doc.push_str("</r>");
    check(&grammar, &doc, errors);
    // A well-formedness error after many batches is reported alone.
    check(&grammar, &doc.replace("</r>", "</x>"), 1);
}
