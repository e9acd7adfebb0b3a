//! The TEI reader on the worked example of docs/encoding.md §5.1 and on hostile or
//! broken input: it must build the model exactly, and refuse unsafe XML with an
//! error diagnostic instead of expanding it or overflowing the stack.

use teikit::config::Config;
use teikit::diagnostic::Severity;
use teikit::export::text::{TextOptions, export_text};
use teikit::model::*;
use teikit::tei::read::read_tei;

use crate::support::builders::*;

const SPEC_5_1: &str = include_str!("../fixtures/tei/spec-5-1.xml");
const SAMPLE: &str = include_str!("../fixtures/barsegov-555-570.txt");

/// The model as JSON with every `span` removed, to compare a read model with
/// a hand-built one (whose spans are all empty).
fn without_spans<T: serde::Serialize>(value: &T) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("span");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut json = serde_json::to_value(value).unwrap();
    strip(&mut json);
    json
}

fn codes(diagnostics: &[teikit::diagnostic::Diagnostic]) -> Vec<&str> {
    diagnostics.iter().map(|d| d.code).collect()
}

/// Wraps body content in a minimal TEI document.
/// A TEI with `body`, and the header teikit writes with it: the marks of
/// the body point with `@resp` to its editor, YB.
fn tei_with_body(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:lang=\"en\">\n  <teiHeader><fileDesc><titleStmt><title>T</title><editor xml:id=\"YB\">Yuri Barsegov</editor></titleStmt><publicationStmt><p>Unpublished.</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>\n  <text>\n    <body>\n{body}\n    </body>\n  </text>\n</TEI>\n"
    )
}

#[test]
fn spec_example_documents_equal_the_hand_built_model() {
    let (edition, diagnostics) = read_tei(SPEC_5_1);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(edition.documents.len(), 2);
    assert_eq!(without_spans(&edition.documents[0]), without_spans(&d562()));
    assert_eq!(without_spans(&edition.documents[1]), without_spans(&d566()));
}

#[test]
fn spec_example_header_is_read() {
    let (edition, _) = read_tei(SPEC_5_1);
    let header = &edition.header;
    assert_eq!(
        header.title,
        "Nagorno-Karabakh in International Law and Global Politics: Documents No. 555–569"
    );
    assert_eq!(header.language, "en");
    let editor = header.editor.as_ref().unwrap();
    assert_eq!(
        (editor.name.as_str(), editor.xml_id.as_str()),
        ("Yuri Barsegov", "YB")
    );
    assert_eq!(header.publisher, None);
    assert_eq!(header.licence, None);
    assert_eq!(
        header.source,
        SourceDesc::Bibl {
            author: "Yuri Barsegov".into(),
            title: "Nagorno-Karabakh in International Law and Global Politics".into(),
        }
    );
    assert_eq!(header.editorial_decl.len(), 3);
    // `&lt;…&gt;` comes back as the characters.
    assert!(header.editorial_decl[0].contains("Omissions marked “<…>” by the compiler"));
    let ids: Vec<&str> = header.taxonomies.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["witness-status", "witness-form"]);
    assert_eq!(
        header.category("status-certified-copy").unwrap().label,
        "Certified copy"
    );
    assert_eq!(
        header.category("form-autograph").unwrap().label,
        "Autograph"
    );
    let persons: Vec<&str> = header.persons.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(persons.len(), 11);
    assert_eq!(persons[0], "pugachev");
    assert_eq!(persons[10], "ordzhonikidze");
    assert_eq!(header.persons[6].name, "Legran");
    let repo = header.repository("repo-rgaspi").unwrap();
    assert_eq!(repo.short, "RGASPI");
    assert_eq!(
        repo.full.as_deref(),
        Some("Russian State Archive of Socio-Political History")
    );
    assert_eq!(repo.place.as_deref(), Some("Moscow"));
    assert_eq!(header.repositories.len(), 4);
}

#[test]
fn spans_point_into_the_tei_file() {
    let (edition, _) = read_tei(SPEC_5_1);
    let div = &edition.documents[0];
    let text = &SPEC_5_1[div.span.start..div.span.end];
    assert!(text.starts_with("<div type=\"document\" n=\"562\""));
    assert!(text.ends_with("</div>"));
    let BlockKind::Paragraph(content) = &edition.documents[0].blocks[0].kind else {
        panic!("a paragraph")
    };
    let first = &content[0];
    assert!(SPEC_5_1[first.span.start..first.span.end].starts_with("Legran arrived"));
    let head = &edition.documents[1].heads[0];
    assert!(SPEC_5_1[head.span.start..head.span.end].starts_with("<head>Record of"));
}

/// TEI → model → text gives the sample's lines (citations aside, whose
/// formatter lives with the citation reader).
#[test]
fn spec_example_exports_to_the_sample_lines() {
    let (edition, _) = read_tei(SPEC_5_1);
    let config = Config::builtin();
    let text = export_text(&edition, &TextOptions { config: &config });
    let lines: Vec<&str> = text.lines().collect();
    let sample: Vec<&str> = SAMPLE.lines().collect();
    assert_eq!(lines.len(), 6);
    assert_eq!(&lines[0..2], &sample[23..25]);
    assert_eq!(&lines[3..5], &sample[37..39]);
    // Up to the citation, whose formatter lives with the citation reader.
    let before_citation = |l: &str| l.split(" RGASPI, f.").next().unwrap().to_string();
    assert!(lines[2].starts_with(&before_citation(sample[25])));
    assert!(lines[5].starts_with(&before_citation(sample[39])));
    assert!(lines[2].ends_with("(Emphasis added – Y.B.) *The document mistakenly reads “begins.”"));
}

#[test]
fn attributes_written_by_teikit_map_back() {
    let body = r##"<div type="document" subtype="fragment" xml:id="fragment-1">
  <p>Text</p>
</div>
<div type="document" n="211" xml:id="d211" cert="medium" rend="blocks">
  <head>ONE<lb/>TWO</head>
  <opener><note type="marking" subtype="title">Urgent.</note><dateline><supplied resp="#YB"><date notBefore="1920-10-12" notAfter="1920-10-13">October 12 or 13, 1920</date></supplied></dateline><note type="marking" subtype="body">Marked “X.”</note></opener>
  <p>At <hi rend="underline">here<anchor n="*" xml:id="d211-fn1-a1"/>.</hi> Erivan <note type="gloss" place="inline" resp="#YB">modern Yerevan</note> <persName ref="#stalin">Stalin</persName></p>
  <list rend="numbered">
    <label>1.</label>
    <item>first</item>
    <label>2.</label>
    <item>second</item>
  </list>
  <gap reason="editorial" resp="#YB"/>
  <sp who="#dalgaard" rend="run-in">
    <speaker>Mr. Dalgaard (Norway):</speaker>
    <p>Words.</p>
  </sp>
  <listBibl type="witnesses" rend="parenthesized">
    <bibl type="witness" ana="#status-copy #form-typescript-typewritten">
      <msIdentifier>
        <repository ref="#repo-avpr" rend="inherited">AVPR</repository>
        <idno type="fond" rend="Fund">04</idno>
        <idno type="papka">321a</idno>
      </msIdentifier>
      <citedRange unit="leaf" from="5" to="6v">ll. 5–6 ob.</citedRange>
      <note type="certification">Copy certified by the <roleName>Secretary</roleName>, <persName>L. Schiffers</persName></note>
    </bibl>
    <bibl type="witness" subtype="unparsed">RGASPI, f. 64, d. 21, l. 5</bibl>
  </listBibl>
  <listBibl type="publications">
    <bibl type="publication">Source: <title>Review</title>, <pubPlace>Yerevan</pubPlace>, <date when="1991">1991</date>, <biblScope unit="issue" from="16" to="16">No. 16</biblScope>.</bibl>
  </listBibl>
  <closer><signed><roleName>Secretary</roleName> <persName ref="#kurbatov">Kurbatov</persName></signed></closer>
  <note type="editorial" resp="#YB" rend="parenthesized full-stop">Emphasis added by us. – Y.B.</note>
  <note type="textual" n="*" xml:id="d211-fn1" place="foot" resp="#YB" target="#d211-fn1-a1 #d211-fn1-a2">Underlined.</note>
</div>"##;
    let (edition, diagnostics) = read_tei(&tei_with_body(body));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let [fragment, doc] = edition.documents.as_slice() else {
        panic!("two documents")
    };
    assert_eq!(fragment.kind, DocumentKind::Fragment);
    assert_eq!(
        (fragment.n.as_deref(), fragment.id.as_str()),
        (None, "fragment-1")
    );
    assert_eq!(doc.cert, Some(Cert::Medium));
    assert_eq!(doc.layout, Layout::Blocks);
    assert_eq!(
        without_spans(&doc.heads[0].content),
        without_spans(&vec![t("ONE"), ik(InlineKind::Lb), t("TWO")])
    );
    let items = &doc.opener.as_ref().unwrap().items;
    assert!(
        matches!(&items[0], OpenerItem::Marking(m) if m.place == MarkingPlace::Title && m.text == "Urgent.")
    );
    assert!(
        matches!(&items[2], OpenerItem::Marking(m) if m.place == MarkingPlace::Body && m.text == "Marked “X.”")
    );
    let OpenerItem::Dateline { content, .. } = &items[1] else {
        panic!("dateline")
    };
    let InlineKind::Supplied(inner) = &content[0].kind else {
        panic!("supplied")
    };
    let InlineKind::Date(date) = &inner[0].kind else {
        panic!("date")
    };
    assert_eq!(date.when, None);
    assert_eq!(date.not_before.as_deref(), Some("1920-10-12"));
    assert_eq!(date.not_after.as_deref(), Some("1920-10-13"));

    let BlockKind::Paragraph(p) = &doc.blocks[0].kind else {
        panic!("p")
    };
    let InlineKind::Hi { rend, content } = &p[1].kind else {
        panic!("hi")
    };
    assert_eq!(rend, "underline");
    assert!(
        matches!(&content[1].kind, InlineKind::Anchor { n, id } if n == "*" && id == "d211-fn1-a1")
    );
    let InlineKind::Note(gloss) = &p[3].kind else {
        panic!("gloss")
    };
    assert_eq!(
        (gloss.kind, gloss.place, gloss.by_editor),
        (NoteKind::Gloss, Some(NotePlace::Inline), true)
    );
    assert!(matches!(&p[5].kind, InlineKind::PersName { reference: Some(r), .. } if r == "stalin"));

    let BlockKind::List { rend, items } = &doc.blocks[1].kind else {
        panic!("list")
    };
    assert_eq!(rend.as_deref(), Some("numbered"));
    let labels: Vec<_> = items.iter().map(|i| i.label.as_deref()).collect();
    assert_eq!(labels, [Some("1."), Some("2.")]);
    assert_eq!(plain_text(&items[1].content), "second");
    assert_eq!(doc.blocks[2].kind, BlockKind::Gap);
    let BlockKind::Speech {
        who,
        run_in,
        speaker,
        content,
    } = &doc.blocks[3].kind
    else {
        panic!("sp")
    };
    assert_eq!((who.as_str(), *run_in), ("dalgaard", true));
    assert_eq!(plain_text(speaker), "Mr. Dalgaard (Norway):");
    assert_eq!(plain_text(content), "Words.");
    assert_eq!(
        doc.blocks.len(),
        4,
        "whitespace between blocks is formatting"
    );

    let witnesses = doc.witnesses.as_ref().unwrap();
    assert!(witnesses.parenthesized);
    let WitnessKind::Parsed(w) = &witnesses.items[0].kind else {
        panic!("parsed")
    };
    assert_eq!(
        (
            w.repository.as_str(),
            w.repository_ref.as_str(),
            w.inherited
        ),
        ("AVPR", "repo-avpr", true)
    );
    assert_eq!(w.categories, ["status-copy", "form-typescript-typewritten"]);
    assert_eq!(
        w.shelfmark[0],
        ShelfmarkPart {
            kind: ShelfmarkKind::Fond,
            value: "04".into(),
            label: Some("Fund".into())
        }
    );
    assert_eq!(w.shelfmark[1].kind, ShelfmarkKind::Papka);
    assert_eq!(
        w.range,
        CitedRange {
            unit: "leaf".into(),
            from: "5".into(),
            to: "6v".into(),
            text: "ll. 5–6 ob.".into()
        }
    );
    assert_eq!(
        plain_text(w.certification.as_ref().unwrap()),
        "Copy certified by the Secretary, L. Schiffers"
    );
    assert_eq!(
        witnesses.items[1].kind,
        WitnessKind::Unparsed("RGASPI, f. 64, d. 21, l. 5".into())
    );

    let publication = &doc.publications[0].content;
    assert!(matches!(&publication[1].kind, InlineKind::Title(s) if s == "Review"));
    assert!(matches!(&publication[3].kind, InlineKind::PubPlace(s) if s == "Yerevan"));
    assert!(
        matches!(&publication[7].kind, InlineKind::BiblScope { unit, from, to, text } if unit == "issue" && from == "16" && to == "16" && text == "No. 16")
    );
    assert_eq!(plain_text(&doc.closers[0].content), "Secretary Kurbatov");
    assert_eq!(doc.notes[0].rend, ["parenthesized", "full-stop"]);
    assert_eq!(doc.notes[0].place, None);
    assert_eq!(doc.notes[1].target, ["d211-fn1-a1", "d211-fn1-a2"]);
    assert_eq!(doc.notes[1].id.as_deref(), Some("d211-fn1"));
}

#[test]
fn unknown_markup_is_kept_with_a_warning() {
    let body = r#"<div type="document" n="1" xml:id="d1">
  <p>See <foo bar="baz">kept <b>text</b></foo>.</p>
  <figure rend="x"><p>caption</p></figure>
</div>"#;
    let (edition, diagnostics) = read_tei(&tei_with_body(body));
    let unknown: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == "teikit::tei::unknown-element")
        .collect();
    // One warning per kind of unknown element, nested ones counted too (<b>
    // inside <foo>); a <p> inside unknown markup is known and not warned about.
    assert_eq!(unknown.len(), 3, "{diagnostics:?}");
    assert!(unknown.iter().all(|d| d.severity == Severity::Warning));
    let doc = &edition.documents[0];
    let BlockKind::Paragraph(p) = &doc.blocks[0].kind else {
        panic!("p")
    };
    let InlineKind::Element(foo) = &p[1].kind else {
        panic!("element")
    };
    assert_eq!(foo.name, "foo");
    assert_eq!(foo.attributes, [("bar".to_string(), "baz".to_string())]);
    assert_eq!(plain_text(&foo.content), "kept text");
    let BlockKind::Other(figure) = &doc.blocks[1].kind else {
        panic!("other block")
    };
    assert_eq!(figure.name, "figure");
    assert_eq!(plain_text(&figure.content), "caption");
}

#[test]
fn tei_without_document_divs_keeps_its_body_text() {
    let (edition, diagnostics) = read_tei(&tei_with_body(
        "<p>Plain <hi rend=\"italic\">words</hi>.</p>\n<p>More.</p>",
    ));
    assert_eq!(codes(&diagnostics), ["teikit::tei::no-documents"]);
    assert_eq!(diagnostics[0].severity, Severity::Warning);
    let doc = &edition.documents[0];
    let texts: Vec<String> = doc
        .blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Paragraph(c) => plain_text(c),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(texts, ["Plain words.", "More."]);
}

#[test]
fn malformed_xml_is_an_error_with_its_position() {
    let xml = "<TEI><text><body><p>open</body></text></TEI>";
    let (edition, diagnostics) = read_tei(xml);
    assert_eq!(codes(&diagnostics), ["teikit::xml::not-well-formed"]);
    assert!(diagnostics[0].is_error());
    // The mismatched end tag `</body>` is where the file goes wrong.
    let at = diagnostics[0].span.start;
    assert!(
        at >= xml.find("<p>").unwrap() && at <= xml.find("</body>").unwrap() + 7,
        "{at}"
    );
    assert!(edition.documents.is_empty());

    for broken in [
        "",
        "<TEI>",
        "<TEI></TEI><TEI/>",
        "<TEI a=\"1\" a=\"2\"/>",
        "<TEI>&#0;</TEI>",
    ] {
        let (_, diagnostics) = read_tei(broken);
        assert_eq!(
            codes(&diagnostics),
            ["teikit::xml::not-well-formed"],
            "{broken:?}"
        );
    }
}

#[test]
fn undeclared_entities_are_refused_and_internal_ones_within_budget_read() {
    // The XML layer's policy, the same as `validate`'s: an undeclared
    // reference is an entity refused; an internal entity is expanded.
    let (_, diagnostics) = read_tei("<TEI>&nbsp;</TEI>");
    assert_eq!(codes(&diagnostics), ["teikit::xml::entity"]);
    let xml = "<!DOCTYPE TEI [<!ENTITY ed \"Yuri\">]><TEI><text><body><p>&ed; wrote.</p></body></text></TEI>";
    let (edition, diagnostics) = read_tei(xml);
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    assert!(
        format!("{edition:?}").contains("Yuri wrote."),
        "{edition:?}"
    );
}

#[test]
fn external_entities_are_refused_not_resolved() {
    let xxe = r#"<?xml version="1.0"?>
<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<TEI><text><body><p>&xxe;</p></body></text></TEI>"#;
    let (edition, diagnostics) = read_tei(xxe);
    assert_eq!(codes(&diagnostics), ["teikit::xml::entity"]);
    assert!(diagnostics[0].is_error());
    assert!(edition.documents.is_empty());
    assert!(!format!("{edition:?}").contains("root:"));
}

#[test]
fn billion_laughs_is_refused_at_once() {
    let mut xml =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let previous = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        xml.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{previous};").repeat(10)
        ));
    }
    xml.push_str("]>\n<TEI><text><body><p>&lol9;</p></body></text></TEI>");
    let (edition, diagnostics) = read_tei(&xml);
    assert_eq!(codes(&diagnostics), ["teikit::xml::entity"]);
    assert_eq!(edition, Edition::default());
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let depth = 100_000;
    let xml = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let (edition, diagnostics) = read_tei(&xml);
    assert_eq!(codes(&diagnostics), ["teikit::xml::too-deep"]);
    assert!(diagnostics[0].is_error());
    assert_eq!(diagnostics[0].span.start, 3 * teikit::tei::read::MAX_DEPTH);
    assert_eq!(edition, Edition::default());
}

#[test]
fn nesting_up_to_the_bound_is_read() {
    // TEI, text, body, div and p hold the hi elements: 256 levels in all.
    let depth = teikit::tei::read::MAX_DEPTH - 5;
    let inner = format!("{}deep{}", "<hi>".repeat(depth), "</hi>".repeat(depth));
    let body = format!("<div type=\"document\" n=\"1\" xml:id=\"d1\"><p>{inner}</p></div>");
    let (edition, diagnostics) = read_tei(&tei_with_body(&body));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let BlockKind::Paragraph(p) = &edition.documents[0].blocks[0].kind else {
        panic!("p")
    };
    assert_eq!(plain_text(p), "deep");
}

#[test]
fn text_in_mixed_content_keeps_its_whitespace_and_references() {
    let body = "<div type=\"document\" n=\"1\" xml:id=\"d1\"><p> a &amp; b&#x2014;c <![CDATA[<d>]]> </p></div>";
    let (edition, _) = read_tei(&tei_with_body(body));
    let BlockKind::Paragraph(p) = &edition.documents[0].blocks[0].kind else {
        panic!("p")
    };
    assert_eq!(p.len(), 1, "one text node");
    assert_eq!(plain_text(p), " a & b—c <d> ");
}

#[test]
fn publication_statement_forms_map_back() {
    let header = |statement: &str| {
        let xml = format!(
            "<TEI><teiHeader><fileDesc><publicationStmt>{statement}</publicationStmt></fileDesc></teiHeader><text><body><div type=\"document\" n=\"1\" xml:id=\"d1\"/></body></text></TEI>"
        );
        read_tei(&xml).0.header
    };
    let h = header("<p>Unpublished.</p>");
    assert_eq!((h.publisher, h.licence), (None, None));
    let h = header("<p><ref target=\"https://example.org/r\">CC BY 4.0</ref></p>");
    assert_eq!(h.publisher, None);
    assert_eq!(
        h.licence,
        Some(Licence {
            text: "CC BY 4.0".into(),
            url: Some("https://example.org/r".into())
        })
    );
    let h = header("<p>For research use.</p>");
    assert_eq!(
        h.licence,
        Some(Licence {
            text: "For research use.".into(),
            url: None
        })
    );
    let h = header(
        "<publisher>Project</publisher><availability><licence target=\"u\">Rights.</licence></availability>",
    );
    assert_eq!(h.publisher.as_deref(), Some("Project"));
    assert_eq!(
        h.licence,
        Some(Licence {
            text: "Rights.".into(),
            url: Some("u".into())
        })
    );
}

#[test]
fn an_empty_element_with_end_tag_differs_from_a_self_closed_one() {
    let body = "<div type=\"document\" n=\"1\" xml:id=\"d1\"><p><seg></seg><seg/></p></div>";
    let (edition, _) = read_tei(&tei_with_body(body));
    let BlockKind::Paragraph(p) = &edition.documents[0].blocks[0].kind else {
        panic!("p")
    };
    let contents: Vec<usize> = p
        .iter()
        .map(|i| match &i.kind {
            InlineKind::Element(e) => e.content.len(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(contents, [1, 0]);
}

#[test]
fn source_description_forms_map_back() {
    let source = |desc: &str| {
        let xml = format!(
            "<TEI><teiHeader><fileDesc><sourceDesc>{desc}</sourceDesc></fileDesc></teiHeader><text><body><div type=\"document\" n=\"1\" xml:id=\"d1\"/></body></text></TEI>"
        );
        read_tei(&xml).0.header.source
    };
    assert_eq!(
        source("<p>Plain-text source v.txt.</p>"),
        SourceDesc::Note("Plain-text source v.txt.".into())
    );
    assert_eq!(
        source(
            "<bibl>Plain-text source v.txt.</bibl><msDesc><msIdentifier><repository>R</repository></msIdentifier></msDesc>"
        ),
        SourceDesc::Note("Plain-text source v.txt.".into())
    );
    assert_eq!(
        source("<bibl><author>A</author> <title>T</title></bibl>"),
        SourceDesc::Bibl {
            author: "A".into(),
            title: "T".into()
        }
    );
}

#[test]
fn a_foreign_choice_before_an_unrelated_note_keeps_its_sic() {
    let config = Config::builtin();
    let text_of = |xml: &str| {
        let (edition, diagnostics) = read_tei(xml);
        assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
        export_text(&edition, &TextOptions { config: &config })
    };
    // Someone else's choice, then a note on something else: both sides stay.
    let foreign = "<TEI><text><body><p>He <choice><sic>teh</sic><corr>the</corr></choice><note>A marginal hand.</note> wrote.</p></body></text></TEI>";
    let text = text_of(foreign);
    assert!(
        text.contains("teh") && text.contains("the"),
        "sic lost: {text}"
    );
    // teikit's own form: the note quotes the sic, which is not repeated.
    let own = "<TEI><text><body><p>He <choice><sic>teh</sic><corr>the</corr></choice><note type=\"textual\">The document reads “teh.”</note> wrote.</p></body></text></TEI>";
    let (edition, _) = read_tei(own);
    let debug = format!("{edition:?}");
    assert_eq!(
        debug
            .matches(r#"Choice { sic: "teh", corr: "the" }"#)
            .count(),
        1,
        "{debug}"
    );
    let (edition, _) = read_tei(foreign);
    assert!(!format!("{edition:?}").contains("Choice {"), "{edition:?}");
}
