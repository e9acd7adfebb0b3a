//! The HTML exporter: a static edition (contents, a page per document or one page
//! for all, indexes of persons, places and archives) that opens from disk with no
//! server, no script and no request outside its own files.
//!
//! The model becomes a serde view model (`view`) whose inline content is
//! rendered to escaped HTML fragments (`inline`); the pages come from the
//! minijinja templates under `templates/html/`, compiled into the binary and
//! rendered with HTML autoescaping.

mod inline;
mod view;

use minijinja::value::{Serde, Value};
use minijinja::{Environment, UndefinedBehavior, context};

use crate::model::Edition;

/// How the edition is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HtmlOptions {
    /// One `index.html` holding contents, every document and the indexes, its
    /// style sheet inlined; otherwise a page per document and a `style.css`.
    pub single_file: bool,
}

const STYLE: &str = include_str!("../../../templates/html/style.css");

/// Every template, by the name the others use to extend or import it.
const TEMPLATES: [(&str, &str); 6] = [
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
/// `index.html`, then (unless `single_file`) each document page, the three index
/// pages and `style.css`. Same edition, same bytes.
pub fn export_html(edition: &Edition, options: &HtmlOptions) -> Vec<(String, String)> {
    let env = environment();
    let site = view::site_view(edition, options.single_file);
    let site_value = Value::from(Serde(&site));
    if options.single_file {
        let page = render(
            &env,
            "single.html",
            context! { site => site_value, inline_css => STYLE },
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
    for doc in &site.documents {
        let page = render(
            &env,
            "document.html",
            context! { site => site_value.clone(), doc => Value::from(Serde(doc)) },
        );
        files.push((doc.file.clone(), page));
    }
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
    files.push(("style.css".to_string(), STYLE.to_string()));
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

/// Renders a page. The templates are part of teikit and the tests render every
/// one, so a failure is a teikit bug; it still yields a page saying so rather
/// than a panic.
fn render(env: &Environment<'static>, name: &str, ctx: Value) -> String {
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
            let files = export_html(&Edition::default(), &HtmlOptions { single_file });
            for (path, content) in &files {
                assert!(!content.contains("Export error"), "{path}: {content}");
            }
        }
    }
}
