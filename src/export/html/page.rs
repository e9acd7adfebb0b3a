//! The document pages of a site. Every page shares one frame (head, header,
//! navigation, search form, legend, footer): it is rendered once, cut at the
//! page's two slots (title and main), and each page renders only its own
//! title and article into it, both in one pass of the templates. Same bytes
//! as rendering `document.html` whole.

use std::sync::Arc;

use minijinja::value::{Enumerator, Object, Value};
use minijinja::{Environment, Template, context};

use super::{error_page, render};

/// Stand in the frame where a page's title and main part go. U+0000 cannot
/// occur in XML, so no text of an edition can contain them.
const TITLE_SLOT: &str = "\u{0}title\u{0}";
const MAIN_SLOT: &str = "\u{0}main\u{0}";

/// Room made for a page's main part before it is rendered: most articles
/// fit, so the page is seldom copied as it grows.
const MAIN_SIZE_HINT: usize = 16 * 1024;

/// Room made for a page's title: a label, a title and the edition's title.
const TITLE_SIZE_HINT: usize = 256;

/// A page's title and main part in one pass, parted by U+0000 (which no text
/// of an edition contains): one context and one run of the templates per
/// page instead of two.
const PARTS: &str =
    "{% include \"document_title.html\" %}\u{0}{% include \"document_main.html\" %}";

/// Renders document pages into the frame of one site.
pub(crate) struct DocumentPages<'e> {
    env: &'e Environment<'static>,
    /// The edition's frame as the templates see it (`site`).
    site: Value,
    /// `document.html` cut at its slots: before the title, between the title
    /// and the main part, after the main part. `None` if the frame could not
    /// be cut (a template error page): each page is then rendered whole.
    frame: Option<[String; 3]>,
    /// [`PARTS`], compiled once for all pages.
    parts: Option<Template<'e, 'e>>,
}

impl<'e> DocumentPages<'e> {
    pub fn new(env: &'e Environment<'static>, site: Value) -> Self {
        let frame = render(
            env,
            "document.html",
            context! { site => site.clone(), parts => context! { title => TITLE_SLOT, main => MAIN_SLOT } },
        );
        DocumentPages {
            env,
            frame: cut(&frame),
            parts: env
                .template_from_named_str("document_parts.html", PARTS)
                .ok(),
            site,
        }
    }

    /// The page of one document (`doc`: its view as a template value), as
    /// UTF-8 bytes: its title and main part rendered in one pass, or if that
    /// fails, each on its own. The main part, most of the page, is rendered
    /// straight into the page after the frame's head and the title: not into
    /// a string of its own that is then copied.
    pub fn render(&self, doc: Value) -> Vec<u8> {
        if let (Some(frame), Some(parts)) = (&self.frame, &self.parts)
            && let Some(page) = self.render_in_one_pass(frame, parts, doc.clone())
        {
            return page;
        }
        let title = render(
            self.env,
            "document_title.html",
            context! { site => self.site.clone(), doc => doc.clone() },
        );
        let main = context! { site => self.site.clone(), doc => doc };
        let Some([head, middle, tail]) = &self.frame else {
            let main = render(self.env, "document_main.html", main);
            return self.render_whole(&title, &main).into_bytes();
        };
        let mut page = Vec::with_capacity(
            head.len() + title.len() + middle.len() + MAIN_SIZE_HINT + tail.len(),
        );
        for part in [head, &title, middle] {
            page.extend_from_slice(part.as_bytes());
        }
        let main_at = page.len();
        let rendered = self
            .env
            .get_template("document_main.html")
            .and_then(|t| t.render_captured_to(main, &mut page));
        if let Err(err) = rendered {
            // What `render` gives for a template that fails: its error page.
            page.truncate(main_at);
            page.extend_from_slice(error_page(&err).as_bytes());
        }
        page.extend_from_slice(tail.as_bytes());
        page
    }

    /// The page with its title and main part rendered in one pass, or `None`
    /// if a template fails: the page is then rendered part by part, each
    /// failing part standing as its error page.
    fn render_in_one_pass(
        &self,
        [head, middle, tail]: &[String; 3],
        parts: &Template,
        doc: Value,
    ) -> Option<Vec<u8>> {
        let mut page = Vec::with_capacity(
            head.len() + TITLE_SIZE_HINT + middle.len() + MAIN_SIZE_HINT + tail.len(),
        );
        page.extend_from_slice(head.as_bytes());
        let title_at = page.len();
        parts
            .render_captured_to(
                Value::from_object(PageContext {
                    site: self.site.clone(),
                    doc,
                }),
                &mut page,
            )
            .ok()?;
        let parted_at = title_at + page[title_at..].iter().position(|&b| b == 0)?;
        put_in_place_of(&mut page, parted_at, middle.as_bytes());
        page.extend_from_slice(tail.as_bytes());
        Some(page)
    }

    /// `document.html` rendered with the page's parts: what the frame saves.
    fn render_whole(&self, title: &str, main: &str) -> String {
        render(
            self.env,
            "document.html",
            context! { site => self.site.clone(), parts => context! { title => title, main => main } },
        )
    }
}

/// What a page's templates see, as `context! { site, doc }` gives it; the
/// two names are found by a `match`, as every variable of a page is looked
/// up in it.
#[derive(Debug)]
struct PageContext {
    site: Value,
    doc: Value,
}

impl Object for PageContext {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        match key {
            "site" => Some(self.site.clone()),
            "doc" => Some(self.doc.clone()),
            _ => None,
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&["site", "doc"])
    }
}

/// Puts `part` in place of the byte at `at`, moving what follows
/// (`Vec::splice` moves the bytes of `part` one at a time).
fn put_in_place_of(page: &mut Vec<u8>, at: usize, part: &[u8]) {
    let end = page.len();
    if at >= end {
        return;
    }
    if part.is_empty() {
        page.remove(at);
        return;
    }
    page.resize(end + part.len() - 1, 0);
    page.copy_within(at + 1..end, at + part.len());
    page[at..at + part.len()].copy_from_slice(part);
}

/// The frame around its two slots, if each occurs once and in order.
fn cut(frame: &str) -> Option<[String; 3]> {
    let (head, rest) = frame.split_once(TITLE_SLOT)?;
    let (middle, tail) = rest.split_once(MAIN_SLOT)?;
    let once = |s: &str| !s.contains(TITLE_SLOT) && !s.contains(MAIN_SLOT);
    (once(head) && once(middle) && once(tail))
        .then(|| [head.to_string(), middle.to_string(), tail.to_string()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::html::{HtmlOptions, environment, view};
    use minijinja::value::Serde;

    /// `page` is the whole page of `doc`: titled with its label, no slot
    /// left unfilled, no template error.
    fn assert_document_page(page: Vec<u8>, doc: &view::DocumentView) {
        let page = String::from_utf8(page).unwrap_or_default();
        assert!(
            page.contains(&format!("<title>{}", doc.label)),
            "{}",
            doc.file
        );
        assert!(!page.contains('\0') && !page.contains("Export error"));
    }

    #[test]
    fn framed_pages_equal_pages_rendered_whole() {
        let (edition, _) = crate::tei::read::read_tei(include_str!("../../../tei/edition.xml"));
        let site = view::site_view(&edition, &HtmlOptions::default());
        assert!(site.documents.len() > 1);
        let env = environment();
        let pages = DocumentPages::new(&env, Value::from(Serde(view::SiteFrame::of(&site))));
        assert!(pages.frame.is_some(), "the frame was not cut");
        let whole = DocumentPages {
            frame: None,
            ..DocumentPages::new(&env, Value::from(Serde(view::SiteFrame::of(&site))))
        };
        for doc in &site.documents {
            let framed = pages.render(Value::from(Serde(doc)));
            assert_eq!(
                framed,
                whole.render(Value::from(Serde(doc))),
                "{}",
                doc.file
            );
            assert_document_page(framed, doc);
        }
    }

    #[test]
    fn pages_of_template_values_equal_pages_of_serde_values() {
        let (edition, _) = crate::tei::read::read_tei(include_str!("../../../tei/edition.xml"));
        let site = view::site_view(&edition, &HtmlOptions::default());
        let env = environment();
        let pages = DocumentPages::new(&env, Value::from(Serde(view::SiteFrame::of(&site))));
        assert!(
            pages.parts.is_some(),
            "the one-pass template did not compile"
        );
        for doc in &site.documents {
            let page = pages.render(doc.template_value());
            assert_eq!(page, pages.render(Value::from(Serde(doc))), "{}", doc.file);
            assert_document_page(page, doc);
        }
    }

    #[test]
    fn part_takes_the_place_of_one_byte() {
        for (page, at, part, expect) in [
            ("ab\0cd", 2, "XYZ", "abXYZcd"),
            ("ab\0cd", 2, "", "abcd"),
            ("\0", 0, "X", "X"),
            ("ab\0", 2, "XY", "abXY"),
            ("\0cd", 0, "XY", "XYcd"),
        ] {
            let mut got = page.as_bytes().to_vec();
            put_in_place_of(&mut got, at, part.as_bytes());
            assert_eq!(String::from_utf8_lossy(&got), expect, "{page:?} {part:?}");
        }
    }

    #[test]
    fn frame_is_cut_only_at_one_slot_of_each() {
        for (frame, expect) in [
            ("<a>\0title\0<b>\0main\0<c>", Some(["<a>", "<b>", "<c>"])),
            ("\0title\0\0main\0", Some(["", "", ""])),
            ("<a>\0main\0<b>\0title\0<c>", None),
            ("<a>\0title\0<b>\0main\0<c>\0main\0", None),
            ("<a>\0title\0<b>\0title\0<b>\0main\0", None),
            ("<p>Export error</p>", None),
        ] {
            let got = cut(frame);
            assert_eq!(
                got.as_ref()
                    .map(|p| [p[0].as_str(), p[1].as_str(), p[2].as_str()]),
                expect,
                "{frame:?}"
            );
        }
    }
}
