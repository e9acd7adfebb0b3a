//! The HTML exporter: a static edition (contents, a page per document or one page
//! for all, a chronology, indexes of persons, places and archives, a citation of
//! each document) that opens from disk with no server and no request outside its
//! own files; its one script, the search, is optional.
//!
//! The model becomes a serde view model (`view`) whose inline content is
//! rendered to escaped HTML fragments (`inline`); the pages come from the
//! minijinja templates under `templates/html/`, compiled into the binary and
//! rendered with HTML autoescaping.

mod chronology;
mod inline;
mod search;
pub(crate) mod view;

use minijinja::value::{Serde, Value};
use minijinja::{Environment, UndefinedBehavior, context};
use rayon::prelude::*;

use crate::config::Authorities;
use crate::export::cite::{bibtex, csl_json, document_citation};
use crate::model::Edition;

pub use inline::html_id;

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
const TEMPLATES: [(&str, &str); 7] = [
    (
        "chronology.html",
        include_str!("../../../templates/html/chronology.html"),
    ),
    (
        "base.html",
        include_str!("../../../templates/html/base.html"),
    ),
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
    let env = environment();
    let site = view::site_view(edition, options);
    let site_value = Value::from(Serde(&site));
    let chronology = Value::from(Serde(chronology::chronology(edition, &site.documents)));
    if options.single_file {
        let page = render(
            &env,
            "single.html",
            context! {
                site => site_value,
                chronology => chronology,
                inline_css => STYLE,
                inline_index => search::search_index_script(edition, &site),
                inline_search => SEARCH_SCRIPT,
            },
        );
        return vec![("index.html".to_string(), page)];
    }
    let mut files = Vec::with_capacity(site.documents.len() + 5);
    files.push((
        "index.html".to_string(),
        render(
            &env,
            "contents.html",
            context! { site => site_value.clone() },
        ),
    ));
    // A document page needs only the edition's frame (title, navigation,
    // legend), not every document: converting the whole site into a template
    // value per page made large editions allocate (and zero) far more memory.
    let frame = Value::from(Serde(view::SiteFrame::of(&site)));
    // Pages are independent: rendered in parallel, collected in edition order.
    let pages: Vec<(String, String)> = site
        .documents
        .par_iter()
        .map(|doc| {
            let page = render(
                &env,
                "document.html",
                context! { site => frame.clone(), doc => Value::from(Serde(doc)) },
            );
            (doc.file.clone(), page)
        })
        .collect();
    files.extend(pages);
    let citations: Vec<Vec<(String, String)>> = edition
        .documents
        .par_iter()
        .zip(site.documents.par_iter())
        .map(|(doc, view)| {
            let citation = [document_citation(
                edition,
                doc,
                &view.file,
                options.site_url,
            )];
            let mut out = Vec::with_capacity(2);
            if let Some(bib) = &view.cite.bib {
                out.push((bib.clone(), bibtex(&citation)));
            }
            if let Some(csl) = &view.cite.csl {
                out.push((csl.clone(), csl_json(&citation)));
            }
            out
        })
        .collect();
    files.extend(citations.into_iter().flatten());
    for (kind, file) in [
        ("persons", "persons.html"),
        ("places", "places.html"),
        ("archives", "archives.html"),
    ] {
        let page = render(
            &env,
            "register.html",
            context! { site => site_value.clone(), kind => kind },
        );
        files.push((file.to_string(), page));
    }
    files.push((
        "chronology.html".to_string(),
        render(
            &env,
            "chronology.html",
            context! { site => site_value.clone(), chronology => chronology },
        ),
    ));
    files.push(("style.css".to_string(), STYLE.to_string()));
    files.push(("search.js".to_string(), SEARCH_SCRIPT.to_string()));
    files.push((
        "search-index.js".to_string(),
        search::search_index_script(edition, &site),
    ));
    files
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // A misspelt field in a template is an error, found by the tests, not an empty string.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let mut syntax = minijinja::syntax::SyntaxConfig::builder();
    syntax.trim_blocks(true).lstrip_blocks(true);
    if let Ok(config) = syntax.build() {
        env.set_syntax(config);
    }
    for (name, source) in TEMPLATES {
        // A broken template shows up when a page is rendered (see `render`).
        let _ = env.add_template(name, source);
    }
    env
}

/// The template every page imports its parts from (the EPUB too).
pub(crate) const MACROS: &str = include_str!("../../../templates/html/macros.html");

/// Renders a page. The templates are part of teikit and the tests render every
/// one, so a failure is a teikit bug; it still yields a page saying so rather
/// than a panic.
pub(crate) fn render(env: &Environment<'static>, name: &str, ctx: Value) -> String {
    match env.get_template(name).and_then(|t| t.render(ctx)) {
        Ok(page) => page,
        Err(err) => format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Export error</title></head><body><main><h1>Export error</h1><p>{}</p></main></body></html>\n",
            inline::escape(&format!("{err:#}"))
        ),
    }
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
