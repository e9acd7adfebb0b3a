//! The ISO Schematron embedded in tei_all runs in `teikit validate`: files
//! that RELAX NG (and jing) accept but that break TEI's own rules are
//! reported with the rule's message at the offending element; valid files
//! get no Schematron error; `--no-schematron` gives RELAX NG's verdict alone.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use teikit::diagnostic::{LineIndex, Rendered, Severity};
use teikit::validate::{Schema, ValidateOptions, validate_text};

const DIR: &str = "tests/fixtures/validate/schematron";
const JING: &str = "/usr/bin/jing";

fn tei_all() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| Schema::tei_all().unwrap())
}

fn profile() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| Schema::profile().unwrap())
}

fn rendered(schema: &Schema, profile: Option<&Schema>, path: &Path) -> Vec<Rendered> {
    let text = std::fs::read_to_string(path).unwrap();
    let options = ValidateOptions {
        schema,
        profile,
        rules: false,
    };
    let index = LineIndex::new(&text);
    validate_text(&text, &options)
        .iter()
        .map(|d| Rendered::new(d, &path.display().to_string(), &index))
        .collect()
}

fn schematron_only(diagnostics: Vec<Rendered>) -> Vec<Rendered> {
    diagnostics
        .into_iter()
        .filter(|d| d.code.starts_with("teikit::schematron::"))
        .collect()
}

/// The 1-based line and column of the first occurrence of `marker`.
fn position_of(text: &str, marker: &str) -> (usize, usize) {
    let at = text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in fixture"));
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

/// Each fixture breaks one rule of TEI's own: the rule's message (with its
/// `sch:name` and `sch:value-of` filled in), as an error, at the element.
#[test]
fn each_broken_tei_rule_is_reported_with_its_message_at_the_element() {
    let cases = [
        (
            "ms-identifier-minimal.xml",
            "<msIdentifier>",
            "teikit::schematron::report",
            "An msIdentifier must contain either a repository or location.",
        ),
        (
            "related-item-target-and-content.xml",
            "<relatedItem",
            "teikit::schematron::report",
            "If the @target attribute on relatedItem is used, the relatedItem element must be empty",
        ),
        (
            "dimensions-twice.xml",
            "<dimensions",
            "teikit::schematron::report",
            "The element dimensions may appear once only",
        ),
        (
            "add-span-nowhere.xml",
            "<addSpan",
            "teikit::schematron::assert",
            "The element indicated by @spanTo (#add-end) must follow the current element addSpan",
        ),
        (
            "date-empty-calendar.xml",
            "<date calendar",
            "teikit::schematron::assert",
            "@calendar indicates one or more systems or calendars to which the date represented by the content of this element belongs, but this date element has no textual content.",
        ),
    ];
    for (name, marker, code, message) in cases {
        let path = Path::new(DIR).join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let found = schematron_only(rendered(tei_all(), None, &path));
        assert_eq!(found.len(), 1, "{name}: {found:#?}");
        let finding = &found[0];
        assert_eq!(finding.code, code, "{name}");
        assert_eq!(finding.severity, Severity::Error, "{name}");
        assert_eq!(finding.message, message, "{name}");
        assert_eq!(
            (finding.line, finding.column),
            position_of(&text, marker),
            "{name}"
        );
    }
}

/// Every fixture that RELAX NG accepts gets no Schematron error: the valid
/// editions of the tests, the sample edition, and a file that uses every
/// construct above rightly. No rule of tei_all is left unsupported.
#[test]
fn valid_fixtures_get_no_schematron_error_and_every_rule_runs() {
    let mut files = vec![
        PathBuf::from("tei/edition.xml"),
        Path::new(DIR).join("valid-schematron.xml"),
    ];
    for dir in ["tests/fixtures/tei", "tests/fixtures/validate"] {
        files.extend(xml_files(Path::new(dir)));
    }
    let tei_all_alone = Schema::tei_all().unwrap().without_schematron();
    let profile_alone = Schema::profile().unwrap().without_schematron();
    let mut checked = 0;
    for path in files {
        if path.starts_with(DIR) && !path.ends_with("valid-schematron.xml") {
            continue;
        }
        let relax_ng = rendered(&tei_all_alone, Some(&profile_alone), &path);
        if relax_ng.iter().any(|d| d.severity == Severity::Error) {
            continue;
        }
        checked += 1;
        let found = schematron_only(rendered(tei_all(), Some(profile()), &path));
        let wrong: Vec<&Rendered> = found
            .iter()
            .filter(|d| d.severity == Severity::Error || d.code.ends_with("::unsupported"))
            .collect();
        assert!(wrong.is_empty(), "{}: {wrong:#?}", path.display());
    }
    assert!(checked >= 15, "only {checked} valid fixtures");
}

fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(xml_files(&path));
        } else if path.extension().is_some_and(|e| e == "xml") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn teikit(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_teikit"))
        .args(args)
        .output()
        .expect("teikit runs")
}

fn jing_accepts(path: &str) -> Option<bool> {
    if !Path::new(JING).exists() {
        if std::env::var_os("CI").is_some() {
            panic!("jing is required in CI (apt-get install jing) but {JING} is missing");
        }
        eprintln!("SKIPPED: the jing comparison: {JING} not found");
        return None;
    }
    let output = Command::new(JING)
        .args(["schemas/tei_all.rng", path])
        .output()
        .expect("jing runs");
    Some(output.status.success())
}

/// On the command line the broken files fail; with `--no-schematron` the
/// verdict is RELAX NG's alone, which is jing's.
#[test]
fn cli_runs_schematron_by_default_and_no_schematron_gives_jings_verdict() {
    for name in [
        "ms-identifier-minimal.xml",
        "related-item-target-and-content.xml",
        "dimensions-twice.xml",
        "add-span-nowhere.xml",
        "date-empty-calendar.xml",
    ] {
        let path = Path::new(DIR).join(name).display().to_string();
        let with = teikit(&["validate", "--schema", "schemas/tei_all.rng", "-q", &path]);
        assert_eq!(with.status.code(), Some(1), "{name}");
        let stdout = String::from_utf8_lossy(&with.stdout);
        assert!(stdout.contains("teikit::schematron::"), "{name}: {stdout}");
        let without = teikit(&[
            "validate",
            "--schema",
            "schemas/tei_all.rng",
            "--no-schematron",
            "-q",
            &path,
        ]);
        if let Some(jing) = jing_accepts(&path) {
            assert_eq!(without.status.code() == Some(0), jing, "{name}");
        }
        assert_eq!(without.status.code(), Some(0), "{name}");
    }
}

/// A schema of one's own: `@role` sets the severity, a rule the engine
/// cannot compile and a rule that fails at run time are each one warning for
/// the whole file (not one per node, never an error), and rules of a pattern
/// take each node once, the first matching rule winning.
#[test]
fn roles_unsupported_rules_and_first_match_in_a_pattern() {
    let dir = tempfile::tempdir().unwrap();
    let schema_path = dir.path().join("s.rng");
    std::fs::write(
        &schema_path,
        r#"<grammar xmlns="http://relaxng.org/ns/structure/1.0"
         xmlns:sch="http://purl.oclc.org/dsdl/schematron">
  <sch:ns prefix="x" uri="urn:x"/>
  <start>
    <element name="list" ns="urn:x">
      <oneOrMore><element name="item" ns="urn:x"><attribute name="n"/><text/></element></oneOrMore>
    </element>
  </start>
  <sch:pattern id="roles">
    <sch:rule context="x:item[@n = '1']">
      <sch:report test="true()" role="warning">first item <sch:value-of select="@n"/></sch:report>
    </sch:rule>
    <sch:rule context="x:item">
      <sch:assert test="string-length(.) gt 0" role="info">item <sch:value-of select="@n"/> is empty</sch:assert>
      <sch:report test=". = 'bad'">item <sch:value-of select="@n"/> says <sch:value-of select="."/></sch:report>
    </sch:rule>
  </sch:pattern>
  <sch:pattern id="broken">
    <sch:rule context="x:item"><sch:assert test="@n eq eq 1">never compiles</sch:assert></sch:rule>
  </sch:pattern>
  <sch:pattern id="failing">
    <sch:rule context="x:item"><sch:assert test="(@n cast as xs:integer) gt 0">cast</sch:assert></sch:rule>
  </sch:pattern>
</grammar>"#,
    )
    .unwrap();
    let schema = Schema::load(&schema_path).unwrap();
    let doc = dir.path().join("d.xml");
    std::fs::write(
        &doc,
        "<list xmlns=\"urn:x\">\n<item n=\"1\"></item>\n<item n=\"2\"></item>\n<item n=\"z\">bad</item>\n<item n=\"w\">ok</item>\n</list>\n",
    )
    .unwrap();
    let found = schematron_only(rendered(&schema, None, &doc));
    let shown: Vec<String> = found
        .iter()
        .map(|d| {
            let message: String = d.message.chars().take(60).collect();
            format!(
                "{}:{} {:?} {} {message}",
                d.line, d.column, d.severity, d.code
            )
        })
        .collect();
    let expect = [
        "1:1 Warning teikit::schematron::unsupported Schematron pattern broken, rule x:item: `@n eq ",
        "2:1 Warning teikit::schematron::report first item 1",
        "3:1 Advice teikit::schematron::assert item 2 is empty",
        "4:1 Error teikit::schematron::report item z says bad",
        "4:1 Warning teikit::schematron::evaluation Schematron rule x:item (pattern failing) failed here",
    ];
    assert_eq!(shown.len(), expect.len(), "{shown:#?}");
    for (got, want) in shown.iter().zip(expect) {
        assert!(got.starts_with(want), "{got}\n  wanted {want}");
    }
    // Without its Schematron the schema accepts the file.
    assert!(rendered(&schema.without_schematron(), None, &doc).is_empty());
}

/// An element with thousands of attributes (xot's parser is quadratic in
/// them) skips Schematron with one warning instead of taking minutes.
#[test]
fn an_element_with_thousands_of_attributes_skips_schematron_with_a_warning() {
    let attributes: String = (0..5_000).map(|i| format!(" a{i}=\"v\"")).collect();
    let text = format!("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><p{attributes}>x</p></TEI>");
    let options = ValidateOptions {
        schema: tei_all(),
        profile: None,
        rules: false,
    };
    let found: Vec<_> = validate_text(&text, &options)
        .into_iter()
        .filter(|d| d.code.starts_with("teikit::schematron::"))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, "teikit::schematron::unsupported");
    assert_eq!(found[0].severity, Severity::Warning);
}

/// The one walk (candidates by name, contexts matched at the node) finds
/// what selecting each rule context over the whole document finds, on
/// every XML fixture of the repository and the broken cases: the same
/// codes, messages and places, in the same order.
#[test]
fn the_one_walk_finds_what_selecting_each_context_finds() {
    let schematron = tei_all().schematron().expect("tei_all has Schematron");
    let mut files = vec![PathBuf::from("tei/edition.xml")];
    for dir in ["tests/fixtures/tei", "tests/fixtures/validate"] {
        files.extend(xml_files(Path::new(dir)));
    }
    let mut with_findings = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let shown = |diagnostics: Vec<teikit::diagnostic::Diagnostic>| {
            let mut shown: Vec<String> = diagnostics
                .iter()
                .map(|d| format!("{}..{} {} {}", d.span.start, d.span.end, d.code, d.message))
                .collect();
            shown.sort();
            shown
        };
        let walked = shown(schematron.check(&text));
        let selected = shown(schematron.check_selecting_each_context(&text));
        assert_eq!(walked, selected, "{}", path.display());
        with_findings += usize::from(!walked.is_empty());
    }
    assert!(
        files.len() >= 30 && with_findings >= 5,
        "{} files, {with_findings} with findings",
        files.len()
    );
}

/// `validate` builds the Schematron tree from the events of its RELAX NG
/// pass; the findings are those of a tree built in a reading of its own
/// (`Schematron::check`), on every XML fixture and on the broken cases
/// made large enough (plain paragraphs before the body's own content, past
/// 256 KiB) for the RELAX NG pass to read on a second thread, with the
/// finding far into the file.
#[test]
fn the_tree_from_the_relax_ng_pass_finds_what_a_second_reading_finds() {
    let schematron = tei_all().schematron().expect("tei_all has Schematron");
    let mut texts = Vec::new();
    let mut files = vec![PathBuf::from("tei/edition.xml")];
    for dir in ["tests/fixtures/tei", "tests/fixtures/validate"] {
        files.extend(xml_files(Path::new(dir)));
    }
    let padding = "<p>A paragraph of <hi rend=\"italic\">plain</hi> text.</p>\n".repeat(5_000);
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        if path.starts_with(DIR)
            && let Some(open) = text.find("<body>")
        {
            let at = open + "<body>".len();
            let large = format!("{}{padding}{}", &text[..at], &text[at..]);
            texts.push((format!("{} (large)", path.display()), large));
        }
        texts.push((path.display().to_string(), text));
    }
    let options = ValidateOptions {
        schema: tei_all(),
        profile: None,
        rules: false,
    };
    let shown = |diagnostics: Vec<teikit::diagnostic::Diagnostic>| {
        let mut shown: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.code.starts_with("teikit::schematron::"))
            .map(|d| format!("{}..{} {} {}", d.span.start, d.span.end, d.code, d.message))
            .collect();
        shown.sort();
        shown
    };
    let (mut compared, mut large_with_findings) = (0, 0);
    for (name, text) in &texts {
        let validated = validate_text(text, &options);
        if validated
            .iter()
            .any(|d| d.code.starts_with("teikit::xml::"))
        {
            continue;
        }
        let one_pass = shown(validated);
        assert_eq!(one_pass, shown(schematron.check(text)), "{name}");
        compared += 1;
        if name.ends_with("(large)")
            && one_pass
                .iter()
                .any(|f| f.split("..").next().unwrap().parse::<usize>().unwrap() > 256 << 10)
        {
            large_with_findings += 1;
        }
    }
    assert!(
        compared >= 30 && large_with_findings >= 2,
        "{compared} compared, {large_with_findings} large with findings"
    );
}

/// Rule contexts of every shape: a name, a name with predicates, a path of
/// parents, an attribute, a wildcard with a required attribute, and the
/// shapes that are selected over the document (absolute, `//`, positional,
/// an axis). Each finds exactly the nodes XPath says, the first rule of a
/// pattern taking a node, and the walk agrees with selecting each context.
#[test]
fn contexts_of_every_shape_match_the_nodes_xpath_selects() {
    let dir = tempfile::tempdir().unwrap();
    let schema_path = dir.path().join("s.rng");
    let rule = |context: &str, label: &str| {
        format!(
            "<sch:rule context=\"{context}\"><sch:report test=\"true()\">{label} <sch:value-of select=\"(@n, local-name())[1]\"/></sch:report></sch:rule>"
        )
    };
    let patterns = [
        rule("x:item", "name"),
        rule("x:item[@n = ('b', 'c')]", "predicate"),
        rule("x:list[@type]/x:item[@n != 'a']", "parents"),
        rule("x:item/@n", "attribute"),
        rule("x:*[@k]", "wildcard"),
        rule("x:*[@n and not(@k)]", "requiring"),
        rule("/x:list", "absolute"),
        rule("x:list//x:sub", "descendant"),
        rule("x:item[2]", "positional"),
        rule("child::x:sub", "axis"),
        rule("x:item[@n = 'a'] | x:sub", "union"),
        rule("x:item[tokenize(@n, ' ') = id('s1')/@n]", "id"),
    ];
    let patterns: String = patterns
        .iter()
        .enumerate()
        .map(|(i, rule)| format!("<sch:pattern id=\"p{i}\">{rule}</sch:pattern>"))
        .collect();
    // One pattern whose first rule takes the item with @k from the second.
    let first_wins = format!(
        "<sch:pattern id=\"first\">{}{}</sch:pattern>",
        rule("x:*[@k]", "first"),
        rule("x:item", "second")
    );
    std::fs::write(
        &schema_path,
        format!(
            r#"<grammar xmlns="http://relaxng.org/ns/structure/1.0"
         xmlns:sch="http://purl.oclc.org/dsdl/schematron">
  <sch:ns prefix="x" uri="urn:x"/>
  <start><element><anyName/><ref name="any"/></element></start>
  <define name="any"><zeroOrMore><choice><attribute><anyName/></attribute><text/><element><anyName/><ref name="any"/></element></choice></zeroOrMore></define>
  {patterns}{first_wins}
</grammar>"#
        ),
    )
    .unwrap();
    let schema = Schema::load(&schema_path).unwrap();
    let text = "<list xmlns=\"urn:x\" type=\"t\">\n<item n=\"a\"/>\n<item n=\"b\" k=\"1\"><sub xml:id=\"s1\" n=\"c\"/></item>\n<item n=\"c\"/>\n</list>\n";
    let index = LineIndex::new(text);
    let shown = |diagnostics: Vec<teikit::diagnostic::Diagnostic>| {
        let mut shown: Vec<String> = diagnostics
            .iter()
            .map(|d| {
                let r = Rendered::new(d, "d.xml", &index);
                format!("{}:{} {}", r.line, r.column, r.message)
            })
            .collect();
        shown.sort();
        shown
    };
    let schematron = schema.schematron().unwrap();
    let walked = shown(schematron.check(text));
    let expect = [
        "1:1 absolute list",
        "2:1 name a",
        "2:1 union a",
        "2:7 attribute n",
        "2:1 second a",
        "3:1 first b",
        "3:1 name b",
        "3:1 parents b",
        "3:1 positional b",
        "3:1 predicate b",
        "3:1 wildcard b",
        "3:7 attribute n",
        "3:19 axis c",
        "3:19 descendant c",
        "3:19 union c",
        "2:1 requiring a",
        "3:19 requiring c",
        "4:1 requiring c",
        "4:1 id c",
        "4:1 name c",
        "4:1 parents c",
        "4:1 predicate c",
        "4:1 second c",
        "4:7 attribute n",
    ];
    let mut expect: Vec<String> = expect.iter().map(|s| s.to_string()).collect();
    expect.sort();
    assert_eq!(walked, expect);
    assert_eq!(shown(schematron.check_selecting_each_context(text)), expect);
}
