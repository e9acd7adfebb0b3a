//! The HTML exporter: a static edition (contents, a page per document or one page
//! for all, a chronology, indexes of persons, places and archives, a citation of
//! each document) that opens from disk with no server and no request outside its
//! own files; its one script, the search, is optional.
//!
//! The model becomes a serde view model (`view`) whose inline content is
//! rendered to escaped HTML fragments (`inline`); the pages come from the
//! minijinja templates under `templates/html/`, compiled into the binary and
//! rendered with HTML autoescaping. A document page reads its document as
//! minijinja objects built straight from the view (`DocumentView::
//! template_value`), the same fields and values as serde gives.

mod chronology;
mod inline;
mod markup;
mod page;
mod search;
mod streamed;
pub(crate) mod view;

use minijinja::value::{Serde, Value};
use minijinja::{Environment, UndefinedBehavior, context};
use rayon::prelude::*;

use crate::config::Authorities;
use crate::export::cite::{bibtex, csl_json};
use crate::model::Edition;

pub use inline::html_id;
pub use streamed::{SiteSink, SiteStreamed, export_html_streamed};

/// How the edition is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HtmlOptions<'a> {
    /// One `index.html` holding contents, every document and the indexes, its
    /// style sheet inlined; otherwise a page per document and a `style.css`.
    pub single_file: bool,
    /// The published site's base address, for the URL in each citation.
    pub site_url: Option<&'a str>,
    /// `[authorities]`: the registers link each name's authority records.
    pub authorities: Option<&'a Authorities>,
}

/// The article id and page file of each document (`d562`, `d562.html`),
/// unique within the edition; citations and other formats link to these.
pub fn document_pages(edition: &Edition) -> Vec<(String, String)> {
    view::document_files(&edition.documents)
}

pub(crate) const STYLE: &str = include_str!("../../../templates/html/style.css");
/// The search code every page loads (`search.js`); the index is generated.
const SEARCH_SCRIPT: &str = include_str!("../../../templates/html/search.js");

/// Every template, by the name the others use to extend or import it.
const TEMPLATES: [(&str, &str); 10] = [
    (
        "chronology.html",
        include_str!("../../../templates/html/chronology.html"),
    ),
    (
        "base.html",
        include_str!("../../../templates/html/base.html"),
    ),
    ("article.html", ARTICLE),
    (
        "macros.html",
        include_str!("../../../templates/html/macros.html"),
    ),
    (
        "contents.html",
        include_str!("../../../templates/html/contents.html"),
    ),
    (
        "document.html",
        include_str!("../../../templates/html/document.html"),
    ),
    (
        "document_title.html",
        include_str!("../../../templates/html/document_title.html"),
    ),
    (
        "document_main.html",
        include_str!("../../../templates/html/document_main.html"),
    ),
    (
        "register.html",
        include_str!("../../../templates/html/register.html"),
    ),
    (
        "single.html",
        include_str!("../../../templates/html/single.html"),
    ),
];

/// Exports the edition as `(relative path, content)` pairs, in a fixed order:
/// `index.html`, then (unless `single_file`) each document page, each
/// document's `.bib` and `.csl.json`, the three index pages, `chronology.html`,
/// `style.css`, `search.js` and `search-index.js`. Same edition, same bytes.
pub fn export_html(edition: &Edition, options: &HtmlOptions) -> Vec<(String, String)> {
    let files = std::sync::Mutex::new(Vec::new());
    let collect = |order: usize, name: &str, content: &[u8]| {
        let content = String::from_utf8_lossy(content).into_owned();
        if let Ok(mut files) = files.lock() {
            files.push((order, name.to_string(), content));
        }
        Ok(())
    };
    // Collecting cannot fail.
    let _ = export_html_with(edition, options, &collect);
    let mut files = files.into_inner().unwrap_or_default();
    files.sort_by_key(|(order, _, _)| *order);
    files.into_iter().map(|(_, n, c)| (n, c)).collect()
}

/// Where [`export_html_with`] hands each file: its place in the order of
/// [`export_html`], its relative path and its bytes; called from several
/// threads at once.
pub type HtmlSink<'s> = dyn Fn(usize, &str, &[u8]) -> std::io::Result<()> + Sync + 's;

/// The files of [`export_html`], each handed to `sink` as soon as it is
/// rendered (document pages in parallel) and then dropped: a site of
/// thousands of pages is written without holding them all in memory.
pub fn export_html_with(
    edition: &Edition,
    options: &HtmlOptions,
    sink: &HtmlSink,
) -> std::io::Result<()> {
    let env = environment();
    let site = view::site_view(edition, options);
    if options.single_file {
        let page = render(
            &env,
            "single.html",
            context! {
                site => Value::from(Serde(&site)),
                chronology => Value::from(Serde(chronology::chronology(&site.summaries))),
                inline_css => STYLE,
                inline_index => search::search_index_script(&site.summaries),
                inline_search => SEARCH_SCRIPT,
            },
        );
        return sink(0, "index.html", page.as_bytes());
    }
    // A document page needs only the edition's frame (title, navigation,
    // legend), not every document; the frame is rendered once for all pages.
    let frame = page::DocumentPages::new(&env, Value::from(Serde(view::SiteFrame::of(&site))));
    let n = site.documents.len();
    // Pages are independent: rendered in parallel, each with its citations,
    // and handed on at once; `order` keeps the edition's order for callers
    // that collect them. The edition-wide pages (contents, registers,
    // chronology; the search index: a tenth of the work) run beside them.
    let pages = || {
        site.documents
            .par_iter()
            .enumerate()
            .try_for_each(|(i, view)| {
                write_document(&frame, view, &|k, name, bytes| {
                    sink(if k == 0 { 1 + i } else { n + 2 * i + k }, name, bytes)
                })
            })
    };
    let edition_wide = || {
        let index = view::SiteIndex::of(&site);
        write_edition_pages(&env, &index, &|k, name, bytes| {
            sink(if k == 0 { 0 } else { 3 * n + k }, name, bytes)
        })
    };
    let (pages, edition_wide) = rayon::join(pages, edition_wide);
    pages.and(edition_wide)
}

/// A document's page, `.bib` and `.csl.json`, handed to `sink` with their
/// place among the three (0, 1, 2).
fn write_document(
    frame: &page::DocumentPages,
    view: &view::DocumentView,
    sink: &HtmlSink,
) -> std::io::Result<()> {
    let page = frame.render(view.template_value());
    sink(0, &view.file, &page)?;
    drop(page);
    let citation = std::slice::from_ref(&view.citation);
    if let Some(bib) = &view.cite.bib {
        sink(1, bib, bibtex(citation).as_bytes())?;
    }
    if let Some(csl) = &view.cite.csl {
        sink(2, csl, csl_json(citation).as_bytes())?;
    }
    Ok(())
}

/// The pages of the whole edition (contents, registers, chronology, style
/// sheet, search code and index), handed to `sink` with their place among
/// them: `index.html` first (0), then the others from 1.
fn write_edition_pages(
    env: &Environment<'static>,
    index: &view::SiteIndex,
    sink: &HtmlSink,
) -> std::io::Result<()> {
    let (search_index, pages) = rayon::join(
        || write_search_index(index.documents, sink),
        || write_index_pages(env, index, sink),
    );
    search_index.and(pages)
}

/// The search index (`search-index.js`, place 7 among the edition's pages):
/// the documents' entries, made with their pages, joined. It needs only the
/// summaries, so it can start before the registers are made.
fn write_search_index(documents: &[view::DocumentSummary], sink: &HtmlSink) -> std::io::Result<()> {
    let script = search::search_index_script(documents);
    sink(7, "search-index.js", script.as_bytes())
}

/// The edition's pages but the search index. Each page is a task of its
/// own: at the end of a large site nothing else is left to run beside them,
/// so one long page must not have the others wait in line behind it on the
/// same thread.
fn write_index_pages(
    env: &Environment<'static>,
    index: &view::SiteIndex,
    sink: &HtmlSink,
) -> std::io::Result<()> {
    // The contents, registers and chronology list the documents but show
    // none of their text: they get the edition without it.
    let site_value = Value::from(Serde(index));
    let page = |place: usize, file: &str, template: &str, context: Value| {
        sink(place, file, render(env, template, context).as_bytes())
    };
    let register = |place: usize, file: &str, kind: &str| {
        page(
            place,
            file,
            "register.html",
            context! { site => site_value.clone(), kind => kind },
        )
    };
    type Task<'t> = &'t (dyn Fn() -> std::io::Result<()> + Sync);
    // The longest pages first.
    let tasks: [Task; 7] = [
        &|| {
            let chronology = Value::from(Serde(chronology::chronology(index.documents)));
            page(
                4,
                "chronology.html",
                "chronology.html",
                context! { site => site_value.clone(), chronology => chronology },
            )
        },
        &|| {
            page(
                0,
                "index.html",
                "contents.html",
                context! { site => site_value.clone() },
            )
        },
        &|| register(1, "persons.html", "persons"),
        &|| register(2, "places.html", "places"),
        &|| register(3, "archives.html", "archives"),
        &|| sink(5, "style.css", STYLE.as_bytes()),
        &|| sink(6, "search.js", SEARCH_SCRIPT.as_bytes()),
    ];
    tasks.par_iter().try_for_each(|task| task())
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // A misspelt field in a template is an error, found by the tests, not an empty string.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // minijinja's HTML escaping, to the same bytes, with a faster search.
    env.set_formatter(markup::template_formatter);
    let mut syntax = minijinja::syntax::SyntaxConfig::builder();
    syntax.trim_blocks(true).lstrip_blocks(true);
    if let Ok(config) = syntax.build() {
        env.set_syntax(config);
    }
    env.add_filter("safe", safe);
    for (name, source) in TEMPLATES {
        // A broken template shows up when a page is rendered (see `render`).
        let _ = env.add_template(name, source);
    }
    env
}

/// minijinja's `safe` filter, without formatting a string to copy it: a
/// page's HTML fragments pass through it by the thousand. Any other value
/// goes to minijinja's own filter.
fn safe(state: &mut minijinja::State, value: Value) -> Result<Value, minijinja::Error> {
    if value.is_safe() {
        return Ok(value);
    }
    if let Some(text) = value.as_str() {
        return Ok(Value::from_safe_string(text.to_string()));
    }
    Value::from_function(minijinja::filters::safe).call(state, &[value])
}

/// A document as an article, included by a document page and by the
/// `article` macro (the EPUB's pages call it).
pub(crate) const ARTICLE: &str = include_str!("../../../templates/html/article.html");

/// The template every page imports its parts from (the EPUB too).
pub(crate) const MACROS: &str = include_str!("../../../templates/html/macros.html");

/// Renders a page. The templates are part of teikit and the tests render every
/// one, so a failure is a teikit bug; it still yields a page saying so rather
/// than a panic.
pub(crate) fn render(env: &Environment<'static>, name: &str, ctx: Value) -> String {
    match env.get_template(name).and_then(|t| t.render(ctx)) {
        Ok(page) => page,
        Err(err) => error_page(&err),
    }
}

/// The page that stands for one whose template failed.
fn error_page(err: &minijinja::Error) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Export error</title></head><body><main><h1>Export error</h1><p>{}</p></main></body></html>\n",
        markup::escape(&format!("{err:#}"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles() {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            assert!(env.add_template(name, source).is_ok(), "{name}");
        }
    }

    #[test]
    fn safe_filter_renders_what_minijinjas_renders() {
        let ours = environment();
        let mut builtin = Environment::new();
        builtin.set_undefined_behavior(UndefinedBehavior::Strict);
        let list = Value::from(vec![Value::from("<b>"), Value::from(1)]);
        for (template, x) in [
            ("{{ x|safe }}", Value::from("<i>a & b</i>")),
            ("{{ x|safe }}", Value::from("short <b>")),
            (
                "{{ x|safe }}",
                Value::from_safe_string("<i>safe</i>".into()),
            ),
            ("{{ x|safe }}", Value::from(42)),
            ("{{ x|safe }}", Value::from(())),
            ("{{ x|safe }}", list),
            ("{{ (x|safe) ~ '<' }}", Value::from("<p>")),
            ("{{ x|safe|length }}", Value::from("<p>é</p>")),
            ("{{ missing|safe }}", Value::from("")),
        ] {
            let render = |env: &Environment| {
                env.render_named_str("t.html", template, context! { x => x.clone() })
                    .map_err(|e| e.kind())
            };
            let expect = render(&builtin);
            assert_eq!(render(&ours), expect, "{template} {x:?}");
        }
    }

    #[test]
    fn empty_edition_exports_pages_without_errors() {
        for single_file in [false, true] {
            let files = export_html(
                &Edition::default(),
                &HtmlOptions {
                    single_file,
                    ..HtmlOptions::default()
                },
            );
            for (path, content) in &files {
                assert!(!content.contains("Export error"), "{path}: {content}");
            }
        }
    }
}
