//! The view of one document: its heading, opener, blocks with their stable
//! ids, closers, notes and citation, inline content rendered to safe HTML.

use serde::Serialize;

use super::witness::{WitnessView, witness_view};
use super::{NavLinks, page_of, paragraph_id};
use crate::export::cite::Citation;
use crate::export::html::inline::{
    InlineRenderer, Links, PageIds, explain, html_id, person_anchor,
};
use crate::model::{
    BlockKind, Cert, Closer, Document, DocumentKind, Header, Inline, InlineKind, MarkingPlace,
    NoteKind, NotePlace, OpenerItem,
};

#[derive(Debug, Serialize)]
pub struct DocumentView {
    /// The `id` of the document's article.
    pub anchor: String,
    /// The page of the document (multi-page edition).
    pub file: String,
    /// Link to the document from any page of the edition.
    pub href: String,
    pub label: String,
    /// Why the number is shown in brackets, if it is.
    pub label_note: Option<String>,
    pub fragment: bool,
    pub title_text: String,
    pub title_html: String,
    pub subtitles_html: Vec<String>,
    pub date_html: Option<String>,
    pub place: Option<String>,
    pub dateline_html: Option<String>,
    pub markings: Vec<MarkingView>,
    pub blocks: Vec<BlockItem>,
    pub closers_html: Vec<String>,
    pub witnesses_parenthesized: bool,
    pub witnesses: Vec<WitnessView>,
    pub publications_html: Vec<String>,
    pub end_notes: Vec<EndNoteView>,
    pub footnotes: Vec<FootnoteView>,
    /// “Cite this document”: the citation line, and the BibTeX and CSL-JSON
    /// files beside the page (multi-page edition only).
    pub cite: CiteView,
    /// The citation the `.bib` and `.csl.json` files are written from.
    #[serde(skip)]
    pub citation: Citation,
    pub prev: Option<DocLink>,
    pub next: Option<DocLink>,
}

#[derive(Debug, Serialize)]
pub struct CiteView {
    pub text: String,
    pub url: Option<String>,
    pub bib: Option<String>,
    pub csl: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MarkingView {
    pub place: &'static str,
    pub text: String,
}

/// A block of the text with its stable id (`d562-p3`: the third block), the
/// target of its visible self-link and of search results.
#[derive(Debug, Serialize)]
pub struct BlockItem {
    pub id: String,
    /// 1-based position among the document's blocks.
    pub number: usize,
    #[serde(flatten)]
    pub view: BlockView,
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockView {
    Paragraph {
        html: String,
    },
    List {
        ordered: bool,
        bulleted: bool,
        items: Vec<ListItemView>,
    },
    Speech {
        speaker_html: String,
        speaker_name: Option<String>,
        speaker_href: Option<String>,
        html: String,
        run_in: bool,
    },
    Gap {
        title: &'static str,
    },
    Other {
        name: String,
        html: String,
    },
}

#[derive(Debug, Serialize)]
pub struct ListItemView {
    pub label: Option<String>,
    pub html: String,
}

#[derive(Debug, Serialize)]
pub struct EndNoteView {
    pub html: String,
    pub emphasis: bool,
    pub parenthesized: bool,
    pub full_stop: bool,
    pub title: &'static str,
}

#[derive(Debug, Serialize)]
pub struct FootnoteView {
    pub number: usize,
    pub id: String,
    pub kind: &'static str,
    pub printed: Option<String>,
    pub html: String,
    pub backrefs: Vec<BackRef>,
}

#[derive(Debug, Serialize)]
pub struct BackRef {
    pub href: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocLink {
    pub href: String,
    pub label: String,
}

pub(super) fn document_label(doc: &Document) -> (String, Option<String>) {
    if doc.kind == DocumentKind::Fragment {
        return (
            "Fragment".to_string(),
            Some("The end of a document that began before this edition starts".to_string()),
        );
    }
    match (&doc.n, doc.cert) {
        (Some(n), None) => (format!("No. {n}"), None),
        (Some(n), Some(Cert::Medium)) => (
            format!("No. [{n}]"),
            Some(
                "Number not printed; inferred by the editor from the neighbouring documents".into(),
            ),
        ),
        (Some(n), Some(Cert::Low)) => (
            format!("No. [{n}?]"),
            Some("Number not printed and uncertain; the lowest possible number is shown".into()),
        ),
        (None, _) => (
            "Unnumbered document".to_string(),
            Some("No number could be assigned to this document".into()),
        ),
    }
}

pub(super) fn document_view(
    header: &Header,
    inline_links: &Links,
    links: &NavLinks,
    doc: &Document,
    (anchor, file): (&str, &str),
    single_file: bool,
    used_ids: &mut PageIds,
) -> DocumentView {
    let mut r = InlineRenderer::new(
        header,
        inline_links,
        anchor,
        &doc.notes,
        std::mem::take(used_ids),
    );
    let (label, label_note) = document_label(doc);
    let main_heads: Vec<&[Inline]> = doc
        .heads
        .iter()
        .filter(|h| !h.sub)
        .map(|h| h.content.as_slice())
        .collect();
    let title_html = main_heads
        .iter()
        .map(|c| r.render(c))
        .collect::<Vec<_>>()
        .join(" ");
    let subtitles_html = doc
        .heads
        .iter()
        .filter(|h| h.sub)
        .map(|h| r.render(&h.content))
        .collect();
    let (mut markings, mut dateline_html, mut date_html, mut place) =
        (Vec::new(), None, None, None);
    for item in doc.opener.iter().flat_map(|o| &o.items) {
        match item {
            OpenerItem::Marking(m) => markings.push(MarkingView {
                place: match m.place {
                    MarkingPlace::Title => "title",
                    MarkingPlace::Body => "body",
                },
                text: m.text.clone(),
            }),
            OpenerItem::Dateline { content, .. } => {
                if dateline_html.is_none() {
                    date_html = dateline_date(content).map(|d| r.render(std::slice::from_ref(d)));
                    place = dateline_place(content);
                    dateline_html = Some(r.render(content));
                }
            }
        }
    }
    let blocks = doc
        .blocks
        .iter()
        .enumerate()
        .map(|(k, b)| BlockItem {
            id: paragraph_id(anchor, k + 1),
            number: k + 1,
            view: block_view(header, links, &mut r, &b.kind),
        })
        .collect();
    let closers_html = doc
        .closers
        .iter()
        .map(|c: &Closer| r.render(&c.content))
        .collect();
    let witnesses = doc
        .witnesses
        .iter()
        .flat_map(|w| &w.items)
        .map(|w| witness_view(header, links, &mut r, &w.kind))
        .collect();
    let publications_html = doc
        .publications
        .iter()
        .map(|p| r.render(&p.content))
        .collect();
    let end_notes = doc
        .notes
        .iter()
        .filter(|n| n.place != Some(NotePlace::Foot))
        .map(|n| {
            let emphasis =
                n.kind == NoteKind::Editorial && n.rend.iter().any(|x| x == "parenthesized");
            EndNoteView {
                html: r.render(&n.content),
                emphasis,
                parenthesized: n.rend.iter().any(|x| x == "parenthesized"),
                full_stop: n.rend.iter().any(|x| x == "full-stop"),
                title: if emphasis {
                    explain::EMPHASIS
                } else {
                    "Note by the editor"
                },
            }
        })
        .collect();
    let (footnotes, used) = r.finish();
    *used_ids = used;
    let footnotes = footnotes
        .into_iter()
        .map(|f| FootnoteView {
            number: f.number,
            id: f.id,
            kind: f.kind.as_str(),
            printed: f.printed,
            html: f.html,
            backrefs: back_refs(&f.refs),
        })
        .collect();
    DocumentView {
        anchor: anchor.to_string(),
        file: file.to_string(),
        href: if single_file {
            format!("#{anchor}")
        } else {
            file.to_string()
        },
        label,
        label_note,
        fragment: doc.kind == DocumentKind::Fragment,
        // The citation's title (`facts::document_title`), set with the
        // citation: the same text, made once.
        title_text: String::new(),
        title_html,
        subtitles_html,
        date_html,
        place,
        dateline_html,
        markings,
        blocks,
        closers_html,
        witnesses_parenthesized: doc.witnesses.as_ref().is_some_and(|w| w.parenthesized),
        witnesses,
        publications_html,
        end_notes,
        footnotes,
        cite: CiteView {
            text: String::new(),
            url: None,
            bib: None,
            csl: None,
        },
        citation: Citation::default(),
        prev: None,
        next: None,
    }
}

/// Back-links from a footnote to each reference; several get letters (a, b, …).
pub(super) fn back_refs(refs: &[String]) -> Vec<BackRef> {
    let several = refs.len() > 1;
    refs.iter()
        .enumerate()
        .map(|(i, id)| BackRef {
            href: format!("#{id}"),
            label: if several { letter(i) } else { String::new() },
        })
        .collect()
}

pub(super) fn letter(i: usize) -> String {
    let letters = "abcdefghijklmnopqrstuvwxyz";
    match letters.chars().nth(i) {
        Some(c) => c.to_string(),
        None => (i + 1).to_string(),
    }
}

/// The date of a dateline, with the `supplied` around it if the editor supplied it.
pub(super) fn dateline_date(content: &[Inline]) -> Option<&Inline> {
    content.iter().find(|i| match &i.kind {
        InlineKind::Date(_) => true,
        InlineKind::Supplied(c) => c.iter().any(|x| matches!(x.kind, InlineKind::Date(_))),
        _ => false,
    })
}

pub(super) fn dateline_place(content: &[Inline]) -> Option<String> {
    let mut places = Vec::new();
    collect_places(content, &mut places, 0);
    places.into_iter().next()
}

pub(super) fn collect_places(content: &[Inline], out: &mut Vec<String>, depth: usize) {
    if depth > 32 {
        return;
    }
    for i in content {
        match &i.kind {
            InlineKind::PlaceName(p) => out.push(p.clone()),
            InlineKind::Supplied(c) => collect_places(c, out, depth + 1),
            _ => {}
        }
    }
}

pub(super) fn block_view(
    header: &Header,
    links: &NavLinks,
    r: &mut InlineRenderer,
    kind: &BlockKind,
) -> BlockView {
    match kind {
        BlockKind::Paragraph(content) => BlockView::Paragraph {
            html: r.render(content),
        },
        BlockKind::List { rend, items } => BlockView::List {
            ordered: rend.as_deref() == Some("numbered"),
            bulleted: rend.as_deref() == Some("bulleted"),
            items: items
                .iter()
                .map(|it| ListItemView {
                    label: it.label.clone(),
                    html: r.render(&it.content),
                })
                .collect(),
        },
        BlockKind::Speech {
            who,
            run_in,
            speaker,
            content,
        } => {
            let person = header
                .persons
                .iter()
                .find(|p| p.id == who.trim_start_matches('#'));
            BlockView::Speech {
                speaker_html: r.render(speaker),
                speaker_name: person.map(|p| p.name.clone()),
                speaker_href: person
                    .map(|p| format!("{}#{}", page_of(&links.persons), person_anchor(&p.id))),
                html: r.render(content),
                run_in: *run_in,
            }
        }
        BlockKind::Gap => BlockView::Gap {
            title: explain::GAP,
        },
        BlockKind::Other(e) => BlockView::Other {
            name: html_id(&e.name),
            html: r.render(&e.content),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    #[test]
    fn back_refs_get_letters_only_when_shared() {
        assert_eq!(back_refs(&["a".into()])[0].label, "");
        let two = back_refs(&["a".into(), "b".into()]);
        assert_eq!((two[0].label.as_str(), two[1].href.as_str()), ("a", "#b"));
    }

    #[test]
    fn supplied_date_is_found_in_dateline() {
        let date = Inline::new(
            Span::default(),
            InlineKind::Date(crate::model::DateValue {
                text: "28 September 1920".into(),
                ..Default::default()
            }),
        );
        let supplied = Inline::new(Span::default(), InlineKind::Supplied(vec![date]));
        assert!(matches!(
            dateline_date(std::slice::from_ref(&supplied)).map(|i| &i.kind),
            Some(InlineKind::Supplied(_))
        ));
    }
}
