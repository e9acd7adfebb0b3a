//! The HTML export of the sample and of tei/, opened in headless Chromium: every
//! document and every mark of the TEI is in the DOM exactly once, every footnote
//! link resolves both ways, no console error, no request leaves the file system.

use crate::support;

use std::path::Path;
use std::process::Command;

use teikit::config::Config;
use teikit::export::html::{HtmlOptions, export_html};
use teikit::model::Edition;
use teikit::tei::read::read_tei;
use teikit::tei::write::write_tei;

use support::{chromium, chromium_args};

/// Loads `page` in headless Chromium; returns the DOM and the browser's log.
fn open(browser: &str, page: &Path) -> (String, String) {
    open_with(browser, page, &[])
}

/// Loads `page` with extra Chromium arguments (a virtual-time budget lets
/// timers and scripts loaded on demand run before the DOM is dumped).
fn open_with(browser: &str, page: &Path, extra: &[&str]) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args(chromium_args(profile.path()))
        .args([
            "--enable-logging=stderr",
            "--v=0",
            // Any request off the file system fails, and is logged.
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .args(extra)
        .args(["--dump-dom", &format!("file://{}", page.display())])
        .output()
        .unwrap();
    assert!(out.status.success());
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `<article>` elements of the DOM, as text.
fn articles(dom: &str) -> Vec<&str> {
    dom.match_indices("<article")
        .filter_map(|(i, _)| dom[i..].find("</article>").map(|e| &dom[i..i + e]))
        .collect()
}

fn attribute_values<'d>(dom: &'d str, name: &str) -> Vec<&'d str> {
    let key = format!(" {name}=\"");
    dom.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &dom[i + key.len()..];
            rest.find('"').map(|e| &rest[..e])
        })
        .collect()
}

fn check_edition(edition: &Edition, label: &str) {
    let Some(browser) = chromium() else { return };
    let tei = write_tei(edition, &Default::default());
    let dir = tempfile::tempdir().unwrap();
    for (path, content) in export_html(
        edition,
        &HtmlOptions {
            single_file: true,
            ..Default::default()
        },
    ) {
        std::fs::write(dir.path().join(path), content).unwrap();
    }
    let (dom, log) = open(browser, &dir.path().join("index.html"));

    // Every document, once.
    let arts = articles(&dom);
    assert_eq!(arts.len(), edition.documents.len(), "{label}: documents");
    for d in &edition.documents {
        assert_eq!(
            dom.matches(&format!("<article class=\"document\" id=\"{}\"", d.id))
                .count(),
            1,
            "{label}: {}",
            d.id
        );
    }

    // Every mark of the TEI, exactly once in the documents.
    let body: String = arts.concat();
    let count = |needle: &str| body.matches(needle).count();
    let tei_count = |needle: &str| tei.matches(needle).count();
    assert!(
        tei_count("<gap ") > 0 && tei_count("<supplied ") > 0,
        "{label}: the edition has marks to find"
    );
    assert_eq!(
        count("mark mark-gap\""),
        tei_count("<gap "),
        "{label}: gaps"
    );
    assert_eq!(
        count("mark mark-supplied\""),
        tei_count("<supplied "),
        "{label}: supplied"
    );
    assert_eq!(
        count("mark mark-corr\""),
        tei_count("<choice>"),
        "{label}: sic/corr"
    );
    assert_eq!(
        count("mark mark-underline\""),
        tei_count("<hi rend=\"underline\">"),
        "{label}: underline"
    );
    assert_eq!(
        count("mark mark-gloss\""),
        tei_count("type=\"gloss\""),
        "{label}: glosses"
    );
    let footnotes = tei_count("place=\"foot\"");
    assert_eq!(
        count("role=\"doc-backlink\"") > 0,
        footnotes > 0,
        "{label}: back-links"
    );
    for d in &edition.documents {
        for n in d.notes.iter().filter(|n| n.place.is_none()) {
            let text = teikit::model::plain_text(&n.content);
            assert!(body.contains(&text), "{label}: emphasis note of {}", d.id);
        }
    }

    // Every in-page link resolves: note references, back-links, index entries.
    let ids: std::collections::BTreeSet<&str> = attribute_values(&dom, "id").into_iter().collect();
    for href in attribute_values(&dom, "href") {
        if let Some(target) = href.strip_prefix('#') {
            assert!(ids.contains(target), "{label}: #{target} does not resolve");
        } else {
            assert!(
                !href.starts_with("http") || dom.contains("rel=\"license\""),
                "{label}: external link {href}"
            );
        }
    }
    assert!(
        attribute_values(&dom, "src")
            .iter()
            .all(|s| !s.contains("://")),
        "{label}: no remote resources"
    );

    // Nothing failed to load and nothing complained.
    assert!(
        !log.contains("Uncaught") && !log.contains(":ERROR:CONSOLE"),
        "{label}: console errors: {log}"
    );
    assert!(
        !log.contains("net::ERR_NAME_NOT_RESOLVED"),
        "{label}: a request left the file system: {log}"
    );
}

#[test]
fn sample_html_in_chromium() {
    let (edition, _, _) = support::convert("barsegov-555-570.txt", &Config::builtin());
    // Through TEI, as an edition project would publish it.
    let (edition, diagnostics) = read_tei(&write_tei(&edition, &Default::default()));
    assert!(diagnostics.is_empty());
    check_edition(&edition, "sample");
}

#[test]
fn example_html_in_chromium() {
    let xml = std::fs::read_to_string(support::root().join("tei/edition.xml")).unwrap();
    let (edition, diagnostics) = read_tei(&xml);
    assert!(diagnostics.is_empty());
    check_edition(&edition, "tei/");
}

// ------------------------------------------------------------------ search

/// Writes the edition's site into a fresh directory.
fn write_site(edition: &Edition, single_file: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let options = HtmlOptions {
        single_file,
        ..Default::default()
    };
    for (path, content) in export_html(edition, &options) {
        std::fs::write(dir.path().join(path), content).unwrap();
    }
    dir
}

/// Opens a copy of `page` that types `word` into the search box key by key
/// (an `input` event per character, as a keyboard gives), and returns the
/// `id="search-results"` element of the resulting DOM.
fn type_into_search(browser: &str, dir: &Path, page: &str, word: &str) -> String {
    let html = std::fs::read_to_string(dir.join(page)).unwrap();
    let typing = format!(
        "<script>window.addEventListener('load', function () {{\n\
         var box = document.getElementById('search-q'); box.focus();\n\
         Array.from({}).forEach(function (c) {{ box.value += c;\n\
         box.dispatchEvent(new Event('input', {{ bubbles: true }})); }}); }});</script></body>",
        serde_json::to_string(word).unwrap()
    );
    let typed = dir.join(format!("typed-{page}"));
    std::fs::write(&typed, html.replace("</body>", &typing)).unwrap();
    let (dom, log) = open_with(browser, &typed, &["--virtual-time-budget=10000"]);
    assert!(
        !log.contains("Uncaught") && !log.contains(":ERROR:CONSOLE"),
        "console errors: {log}"
    );
    let start = dom
        .find("<section id=\"search-results\"")
        .expect("a search-results element");
    let end = dom[start..].find("</section>").expect("closed") + start;
    dom[start..end].to_string()
}

/// The links of the search hits, in order.
fn hit_links(results: &str) -> Vec<String> {
    attribute_values(results, "href")
        .into_iter()
        .map(|h| h.replace("&amp;", "&"))
        .collect()
}

/// Documents (ids) whose paragraphs contain `needle` in the model, case folded.
fn documents_containing(edition: &Edition, needle: &str) -> Vec<String> {
    let needle = needle.to_lowercase();
    edition
        .documents
        .iter()
        .filter(|d| {
            d.blocks.iter().any(|b| {
                let text = match &b.kind {
                    teikit::model::BlockKind::Paragraph(c) => teikit::model::plain_text(c),
                    teikit::model::BlockKind::Speech { content, .. } => {
                        teikit::model::plain_text(content)
                    }
                    _ => String::new(),
                };
                text.to_lowercase().contains(&needle)
            })
        })
        .map(|d| d.id.clone())
        .collect()
}

fn check_search(edition: &Edition, typed: &str, plain: &str, label: &str) {
    let Some(browser) = chromium() else { return };
    let expected = documents_containing(edition, plain);
    assert!(
        !expected.is_empty() && expected.len() < edition.documents.len(),
        "{label}: “{plain}” should pick out some documents: {expected:?}"
    );
    for single_file in [false, true] {
        let dir = write_site(edition, single_file);
        let results = type_into_search(browser, dir.path(), "index.html", typed);
        let links = hit_links(&results);
        let docs: Vec<String> = links
            .iter()
            .map(|l| {
                let (page, fragment) = l.split_once('#').unwrap_or((l, ""));
                let para = fragment.rsplit_once("-p").map(|(d, _)| d.to_string());
                if single_file {
                    para.unwrap_or_else(|| fragment.to_string())
                } else {
                    page.trim_end_matches(".html").to_string()
                }
            })
            .collect();
        assert_eq!(
            docs, expected,
            "{label} (single file: {single_file}): {results}"
        );
        // Each hit: number, title, date, a snippet with the word marked, a
        // link to the paragraph that holds it.
        for link in &links {
            let fragment = link.split_once('#').map(|(_, f)| f).unwrap_or("");
            assert!(fragment.contains("-p"), "{label}: {link} links a paragraph");
        }
        assert_eq!(
            results.matches("class=\"hit-number\"").count(),
            expected.len()
        );
        assert_eq!(
            results.matches("class=\"hit-title\"").count(),
            expected.len()
        );
        assert_eq!(
            results.matches("class=\"hit-date\"").count(),
            expected.len()
        );
        assert!(
            results
                .to_lowercase()
                .contains(&format!("<mark>{}</mark>", plain.to_lowercase())),
            "{label}: the word is marked in the snippet: {results}"
        );
    }
}

#[test]
fn search_finds_a_typed_word_accent_insensitively_from_disk() {
    let (edition, _, _) = support::convert("barsegov-555-570.txt", &Config::builtin());
    // Typed with an accent the text does not have.
    check_search(&edition, "Narímanov", "Narimanov", "sample");
}

#[test]
fn search_finds_a_typed_word_in_tei_example() {
    let xml = std::fs::read_to_string(support::root().join("tei/edition.xml")).unwrap();
    let (edition, _) = read_tei(&xml);
    check_search(&edition, "CHOLERA", "cholera", "tei/");
}

#[test]
fn search_finds_cyrillic_words_in_a_russian_source() {
    let (edition, diagnostics, _) = support::convert("russian-telegrams.txt", &Config::builtin());
    assert!(
        diagnostics
            .iter()
            .all(|d| d.severity != teikit::diagnostic::Severity::Error),
        "{diagnostics:?}"
    );
    check_search(&edition, "каширской", "Каширской", "russian");
    // `емкость` typed without the diaeresis finds `ёмкость`.
    check_search(&edition, "емкость", "ёмкость", "russian");
}

// ----------------------------------------------------------- accessibility

/// axe-core's script: `AXE_CORE_JS`, else `node_modules/axe-core/axe.min.js`
/// of the checkout or of npm's global folder (`npm install axe-core`, as
/// `.ci/run` does). Missing: fails under CI, prints SKIPPED elsewhere.
fn axe_core() -> Option<std::path::PathBuf> {
    let mut candidates: Vec<std::path::PathBuf> = Vec::new();
    if let Some(path) = std::env::var_os("AXE_CORE_JS") {
        candidates.push(path.into());
    }
    candidates.push(support::root().join("node_modules/axe-core/axe.min.js"));
    if let Ok(out) = Command::new("npm").args(["root", "-g"]).output() {
        let global = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !global.is_empty() {
            candidates.push(Path::new(&global).join("axe-core/axe.min.js"));
        }
    }
    let found = candidates.into_iter().find(|p| p.is_file());
    if found.is_none() {
        let test = std::thread::current().name().unwrap_or("test").to_string();
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: axe-core is not installed (npm install axe-core), but CI is set"
        );
        eprintln!("SKIPPED: {test}: axe-core not installed (npm install axe-core)");
    }
    found
}

/// Decodes what `encodeURIComponent` wrote.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An axe-core violation: rule, impact, help text, the elements it found.
type Violation = (String, String, String, Vec<String>);

/// Runs axe-core on `page` of the site in `dir` (after typing `search` into
/// the search box, when given) and returns its violations.
fn axe_violations(
    browser: &str,
    axe: &Path,
    dir: &Path,
    page: &str,
    search: Option<&str>,
) -> Vec<Violation> {
    std::fs::copy(axe, dir.join("axe.min.js")).unwrap();
    let html = std::fs::read_to_string(dir.join(page)).unwrap();
    let typing = search.map_or(String::new(), |word| {
        format!(
            "var box = document.getElementById('search-q'); box.focus(); box.value = {};\n\
             box.dispatchEvent(new Event('input', {{ bubbles: true }}));\n",
            serde_json::to_string(word).unwrap()
        )
    });
    // With a search, axe waits for its results (the index loads on first use).
    let waiting = if search.is_some() {
        "!document.querySelector('#search-results a')"
    } else {
        "false"
    };
    // The report is written after axe has run, percent-encoded so that the
    // dumped DOM carries it unchanged.
    let runner = format!(
        "<script src=\"axe.min.js\"></script><script>window.addEventListener('load', function () {{\n\
         {typing}var tries = 0; (function wait() {{\n\
         if ({waiting} && tries++ < 100) {{ setTimeout(wait, 100); return; }}\n\
         axe.run(document, {{ resultTypes: ['violations'] }}).then(function (r) {{\n\
         var v = r.violations.map(function (x) {{ return [x.id, x.impact || '', x.help,\n\
           x.nodes.map(function (n) {{ return n.target.join(' ') + ' ' + n.html.slice(0, 160); }})]; }});\n\
         var pre = document.createElement('pre'); pre.id = 'axe-report';\n\
         var hits = document.querySelectorAll('#search-results a').length;\n\
         pre.textContent = encodeURIComponent(JSON.stringify([v, hits]));\n\
         document.body.appendChild(pre); }}); }})(); }});</script></body>"
    );
    let checked = dir.join(format!("axe-{page}"));
    std::fs::write(&checked, html.replace("</body>", &runner)).unwrap();
    let (dom, log) = open_with(browser, &checked, &["--virtual-time-budget=30000"]);
    let start = dom
        .find("<pre id=\"axe-report\">")
        .unwrap_or_else(|| panic!("{page}: axe reported nothing: {log}"))
        + "<pre id=\"axe-report\">".len();
    let end = dom[start..].find("</pre>").unwrap() + start;
    let (violations, hits): (Vec<Violation>, usize) =
        serde_json::from_str(&percent_decode(&dom[start..end])).unwrap();
    // The search state is checked with its results on the page.
    assert_eq!(search.is_some(), hits > 0, "{page}: {hits} search hits");
    violations
}

/// The pages a reader meets (contents, a document, the chronology, a
/// register, search results) have no serious or critical axe-core violation.
fn check_accessibility(edition: &Edition, search: &str, label: &str) {
    let Some(browser) = chromium() else { return };
    let Some(axe) = axe_core() else { return };
    let dir = write_site(edition, false);
    let document = teikit::export::html::document_pages(edition)[0].1.clone();
    let pages: [(&str, Option<&str>); 5] = [
        ("index.html", None),
        (&document, None),
        ("chronology.html", None),
        ("persons.html", None),
        ("index.html", Some(search)),
    ];
    let mut serious = Vec::new();
    for (page, typed) in pages {
        let violations = axe_violations(browser, &axe, dir.path(), page, typed);
        for (rule, impact, help, nodes) in violations {
            let what = format!(
                "{label} {page}{}: {impact} {rule} ({help}) on {} element(s): {}",
                typed.map_or(String::new(), |w| format!(" (searching “{w}”)")),
                nodes.len(),
                nodes.first().map_or("", String::as_str)
            );
            eprintln!("axe: {what}");
            if impact == "serious" || impact == "critical" {
                serious.push(what);
            }
        }
    }
    assert!(serious.is_empty(), "{}", serious.join("\n"));
}

#[test]
fn site_pages_have_no_serious_accessibility_violation() {
    let (edition, _, _) = support::convert("barsegov-555-570.txt", &Config::builtin());
    check_accessibility(&edition, "Narimanov", "sample");
    let (edition, _, _) = support::convert("russian-telegrams.txt", &Config::builtin());
    check_accessibility(&edition, "каширской", "russian");
}
