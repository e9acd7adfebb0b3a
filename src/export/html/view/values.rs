//! A document view as the page templates see it, built straight from the
//! view: each record a minijinja object whose fields are found by a `match`
//! on the name, not the serde round trip (a map of every struct, searched
//! key by key). The fields and their values are those serde gives, so a
//! template reads the same and renders the same bytes either way.

use std::sync::Arc;

use minijinja::value::{Enumerator, Object, Value};

use super::document::{
    BackRef, BlockItem, BlockView, CiteView, DocLink, DocumentView, EndNoteView, FootnoteView,
    ListItemView, MarkingView,
};
use super::witness::{CategoryView, ShelfmarkView, WitnessView};

/// A record of template fields: a struct of `Value`s named as the view's
/// fields, found by name with a `match`, listed in the view's order.
macro_rules! record {
    ($(#[$doc:meta])* $name:ident { $($field:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug)]
        struct $name {
            $($field: Value,)*
        }

        impl Object for $name {
            fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
                self.get_value_by_str(key.as_str()?)
            }

            fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
                match key {
                    $(stringify!($field) => Some(self.$field.clone()),)*
                    _ => None,
                }
            }

            fn enumerate(self: &Arc<Self>) -> Enumerator {
                Enumerator::Str(&[$(stringify!($field)),*])
            }
        }
    };
}

record! {
    /// `doc`: every field of [`DocumentView`] but the citation, which serde skips.
    DocumentFields {
        anchor, file, href, label, label_note, fragment, title_text, title_html,
        subtitles_html, date_html, place, dateline_html, markings, blocks,
        closers_html, witnesses_parenthesized, witnesses, publications_html,
        end_notes, footnotes, cite, prev, next,
    }
}

record! { CiteFields { text, url, bib, csl } }
record! { MarkingFields { place, text } }
record! { LinkFields { href, label } }
record! { ListItemFields { label, html } }
record! { EndNoteFields { html, emphasis, parenthesized, full_stop, title } }
record! { FootnoteFields { number, id, kind, printed, html, backrefs } }

record! {
    /// A block: its id and number, its kind and the kind's fields, by name
    /// (serde's `flatten` makes it a map, which sorts them).
    ParagraphFields { html, id, kind, number }
}
record! { ListFields { bulleted, id, items, kind, number, ordered } }
record! { SpeechFields { html, id, kind, number, run_in, speaker_href, speaker_html, speaker_name } }
record! { GapFields { id, kind, number, title } }
record! { OtherFields { html, id, kind, name, number } }

record! {
    WitnessFields {
        unparsed, repository, repository_full, repository_place, repository_href,
        inherited, shelfmark, range, stop, categories, certification_html,
    }
}
record! { ShelfmarkFields { kind, label, value } }
record! { CategoryFields { id, label } }

/// A text, or none.
fn text(value: &Option<String>) -> Value {
    value.as_deref().map_or(Value::from(()), Value::from)
}

/// A sequence of the template values of `items`.
fn seq<T>(items: &[T], value: impl Fn(&T) -> Value) -> Value {
    Value::from(items.iter().map(value).collect::<Vec<_>>())
}

fn link(link: &Option<DocLink>) -> Value {
    link.as_ref().map_or(Value::from(()), |l| {
        Value::from_object(LinkFields {
            href: Value::from(l.href.as_str()),
            label: Value::from(l.label.as_str()),
        })
    })
}

impl DocumentView {
    /// The document as the page templates read it (`doc`): the same fields
    /// and values as `Value::from(Serde(self))`.
    pub fn template_value(&self) -> Value {
        let strings = |items: &[String]| seq(items, |s| Value::from(s.as_str()));
        Value::from_object(DocumentFields {
            anchor: Value::from(self.anchor.as_str()),
            file: Value::from(self.file.as_str()),
            href: Value::from(self.href.as_str()),
            label: Value::from(self.label.as_str()),
            label_note: text(&self.label_note),
            fragment: Value::from(self.fragment),
            title_text: Value::from(self.title_text.as_str()),
            title_html: Value::from(self.title_html.as_str()),
            subtitles_html: strings(&self.subtitles_html),
            date_html: text(&self.date_html),
            place: text(&self.place),
            dateline_html: text(&self.dateline_html),
            markings: seq(&self.markings, marking),
            blocks: seq(&self.blocks, block),
            closers_html: strings(&self.closers_html),
            witnesses_parenthesized: Value::from(self.witnesses_parenthesized),
            witnesses: seq(&self.witnesses, witness),
            publications_html: strings(&self.publications_html),
            end_notes: seq(&self.end_notes, end_note),
            footnotes: seq(&self.footnotes, footnote),
            cite: cite(&self.cite),
            prev: link(&self.prev),
            next: link(&self.next),
        })
    }
}

fn cite(c: &CiteView) -> Value {
    Value::from_object(CiteFields {
        text: Value::from(c.text.as_str()),
        url: text(&c.url),
        bib: text(&c.bib),
        csl: text(&c.csl),
    })
}

fn marking(m: &MarkingView) -> Value {
    Value::from_object(MarkingFields {
        place: Value::from(m.place),
        text: Value::from(m.text.as_str()),
    })
}

fn block(b: &BlockItem) -> Value {
    let (id, number) = (Value::from(b.id.as_str()), Value::from(b.number));
    match &b.view {
        BlockView::Paragraph { html } => Value::from_object(ParagraphFields {
            id,
            number,
            kind: Value::from("paragraph"),
            html: Value::from(html.as_str()),
        }),
        BlockView::List {
            ordered,
            bulleted,
            items,
        } => Value::from_object(ListFields {
            id,
            number,
            kind: Value::from("list"),
            ordered: Value::from(*ordered),
            bulleted: Value::from(*bulleted),
            items: seq(items, list_item),
        }),
        BlockView::Speech {
            speaker_html,
            speaker_name,
            speaker_href,
            html,
            run_in,
        } => Value::from_object(SpeechFields {
            id,
            number,
            kind: Value::from("speech"),
            speaker_html: Value::from(speaker_html.as_str()),
            speaker_name: text(speaker_name),
            speaker_href: text(speaker_href),
            html: Value::from(html.as_str()),
            run_in: Value::from(*run_in),
        }),
        BlockView::Gap { title } => Value::from_object(GapFields {
            id,
            number,
            kind: Value::from("gap"),
            title: Value::from(*title),
        }),
        BlockView::Other { name, html } => Value::from_object(OtherFields {
            id,
            number,
            kind: Value::from("other"),
            name: Value::from(name.as_str()),
            html: Value::from(html.as_str()),
        }),
    }
}

fn list_item(item: &ListItemView) -> Value {
    Value::from_object(ListItemFields {
        label: text(&item.label),
        html: Value::from(item.html.as_str()),
    })
}

fn end_note(n: &EndNoteView) -> Value {
    Value::from_object(EndNoteFields {
        html: Value::from(n.html.as_str()),
        emphasis: Value::from(n.emphasis),
        parenthesized: Value::from(n.parenthesized),
        full_stop: Value::from(n.full_stop),
        title: Value::from(n.title),
    })
}

fn footnote(f: &FootnoteView) -> Value {
    Value::from_object(FootnoteFields {
        number: Value::from(f.number),
        id: Value::from(f.id.as_str()),
        kind: Value::from(f.kind),
        printed: text(&f.printed),
        html: Value::from(f.html.as_str()),
        backrefs: seq(&f.backrefs, back_ref),
    })
}

fn back_ref(b: &BackRef) -> Value {
    Value::from_object(LinkFields {
        href: Value::from(b.href.as_str()),
        label: Value::from(b.label.as_str()),
    })
}

fn witness(w: &WitnessView) -> Value {
    Value::from_object(WitnessFields {
        unparsed: text(&w.unparsed),
        repository: Value::from(w.repository.as_str()),
        repository_full: text(&w.repository_full),
        repository_place: text(&w.repository_place),
        repository_href: text(&w.repository_href),
        inherited: Value::from(w.inherited),
        shelfmark: seq(&w.shelfmark, |s: &ShelfmarkView| {
            Value::from_object(ShelfmarkFields {
                kind: Value::from(s.kind),
                label: Value::from(s.label.as_str()),
                value: Value::from(s.value.as_str()),
            })
        }),
        range: Value::from(w.range.as_str()),
        stop: Value::from(w.stop),
        categories: seq(&w.categories, |c: &CategoryView| {
            Value::from_object(CategoryFields {
                id: Value::from(c.id.as_str()),
                label: Value::from(c.label.as_str()),
            })
        }),
        certification_html: text(&w.certification_html),
    })
}

#[cfg(test)]
mod tests {
    use crate::export::html::{HtmlOptions, view};
    use minijinja::value::{Serde, Value};

    /// Every field of every record, in serde's order and with serde's value:
    /// a template can tell the two apart by nothing.
    #[test]
    fn template_values_equal_the_serde_values() {
        let (edition, _) = crate::tei::read::read_tei(include_str!("../../../../tei/edition.xml"));
        let site = view::site_view(&edition, &HtmlOptions::default());
        let kinds = |json: &str| {
            ["paragraph", "list", "speech", "gap", "other"]
                .into_iter()
                .filter(|k| json.contains(&format!("\"kind\":\"{k}\"")))
                .count()
        };
        let mut seen = 0;
        for doc in &site.documents {
            let json = |value: Value| serde_json::to_string(&value).unwrap_or_default();
            let expect = json(Value::from(Serde(doc)));
            assert!(expect.starts_with("{\"anchor\":"), "{expect}");
            assert_eq!(json(doc.template_value()), expect, "{}", doc.file);
            seen = seen.max(kinds(&expect));
        }
        assert!(seen > 1, "the edition has too few kinds of block");
    }
}
