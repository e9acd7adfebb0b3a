//! Phrase-level content read back into `Inline`s; unknown markup kept as `Element`.

use super::Mapper;
use super::xml::{XmlElement, XmlNode, is_blank};
use crate::model::{DateValue, Element, Inline, InlineKind};

impl Mapper<'_> {
    pub(super) fn inlines(&mut self, children: &[XmlNode]) -> Vec<Inline> {
        children
            .iter()
            .enumerate()
            .map(|(i, child)| match child {
                XmlNode::Text { text, span } => Inline::text(*span, text.to_string()),
                // teikit's own `choice` is followed by the note giving the
                // original reading; any other keeps both sides where exports
                // show them.
                XmlNode::Element(e)
                    if e.local() == "choice"
                        && !annotated(e, children.get(i + 1), self.in_document) =>
                {
                    self.element_inline(e)
                }
                XmlNode::Element(e) => self.inline(e),
            })
            .collect()
    }

    pub(super) fn inline(&mut self, element: &XmlElement) -> Inline {
        if !writes_back(element, self.resp.as_deref()) {
            // Known, but with attributes the model has no slot for: kept whole.
            return self.element_inline(element);
        }
        match self.known_inline(element) {
            Some(kind) => Inline::new(element.span, kind),
            None => {
                // A paragraph or list inside kept markup is known, only not
                // where the model can hold it: kept whole, not warned about.
                if !MODELLED_BLOCKS.contains(&element.local()) {
                    self.unknown(element, "in running text");
                }
                self.element_inline(element)
            }
        }
    }

    /// The model's form of a phrase-level element, `None` when teikit does not
    /// model it (or not with the markup it holds).
    pub(super) fn known_inline(&mut self, e: &XmlElement) -> Option<InlineKind> {
        let attr = |key: &str| e.attr(key).map(String::from);
        Some(match e.local() {
            "gap" => InlineKind::Gap,
            "lb" => InlineKind::Lb,
            "pb" if e.children.is_empty() => InlineKind::PageBreak(attr("n")?),
            "supplied" => InlineKind::Supplied(self.inlines(&e.children)),
            "hi" => InlineKind::Hi {
                rend: attr("rend").unwrap_or_default(),
                content: self.inlines(&e.children),
            },
            "anchor" => InlineKind::Anchor {
                n: attr("n").unwrap_or_default(),
                id: attr("xml:id").unwrap_or_default(),
            },
            "note" => InlineKind::Note(Box::new(self.note(e)?)),
            "choice" => choice_of(e, self.resp.as_deref())?,
            "expan" => expan_of(e, self.resp.as_deref())?,
            "persName" => InlineKind::PersName {
                reference: e.reference("ref"),
                content: self.inlines(&e.children),
            },
            "roleName" => InlineKind::RoleName(self.inlines(&e.children)),
            "signed" => InlineKind::Signed(self.inlines(&e.children)),
            "placeName" => InlineKind::PlaceName(e.text_only()?),
            "title" => InlineKind::Title(e.text_only()?),
            "pubPlace" => InlineKind::PubPlace(e.text_only()?),
            "date" => InlineKind::Date(DateValue {
                text: e.text_only()?,
                when: attr("when"),
                not_before: attr("notBefore"),
                not_after: attr("notAfter"),
            }),
            "idno" => InlineKind::Idno {
                kind: attr("type").unwrap_or_default(),
                text: e.text_only()?,
            },
            "biblScope" => InlineKind::BiblScope {
                unit: attr("unit").unwrap_or_default(),
                from: attr("from").unwrap_or_default(),
                to: attr("to").unwrap_or_default(),
                text: e.text_only()?,
            },
            _ => return None,
        })
    }

    pub(super) fn element_inline(&mut self, element: &XmlElement) -> Inline {
        Inline::new(element.span, InlineKind::Element(self.element(element)))
    }

    /// Unknown markup kept as it is: name and attributes as written, content mapped.
    pub(super) fn element(&mut self, element: &XmlElement) -> Element {
        let content = self.inlines(&element.children);
        Element {
            span: element.span,
            name: element.name.to_string(),
            attributes: element.owned_attributes(),
            content,
        }
    }
}

/// `<choice><sic>…</sic><corr>…</corr></choice>`, text only, the `corr`
/// with the editor's `@resp` (`resp`) and nothing else.
fn choice_of(e: &XmlElement, resp: Option<&str>) -> Option<InlineKind> {
    let mut sic = None;
    let mut corr = None;
    for child in &e.children {
        match child {
            XmlNode::Element(c) if c.local() == "sic" && c.attributes.is_empty() => {
                sic = Some(c.text_only()?)
            }
            XmlNode::Element(c) if c.local() == "corr" && by_editor(c, resp) => {
                corr = Some(c.text_only()?)
            }
            XmlNode::Text { text, .. } if is_blank(text) => {}
            _ => return None,
        }
    }
    Some(InlineKind::Choice {
        sic: sic?,
        corr: corr?,
    })
}

/// `<expan>L<ex>egran</ex></expan>`: the printed letters, then the expansion.
fn expan_of(e: &XmlElement, resp: Option<&str>) -> Option<InlineKind> {
    match e.children.as_slice() {
        [XmlNode::Text { text, .. }, XmlNode::Element(ex)]
            if ex.local() == "ex" && by_editor(ex, resp) =>
        {
            Some(InlineKind::Expan {
                abbr: text.to_string(),
                ex: ex.text_only()?,
            })
        }
        [XmlNode::Element(ex)] if ex.local() == "ex" && by_editor(ex, resp) => {
            Some(InlineKind::Expan {
                abbr: String::new(),
                ex: ex.text_only()?,
            })
        }
        _ => None,
    }
}

/// A compiler's mark the writer gives the editor's `@resp` (`resp`, none
/// without an editor): it holds that `@resp` and no other attribute.
fn by_editor(e: &XmlElement, resp: Option<&str>) -> bool {
    only(e, &["resp"]) && e.attr("resp") == resp
}

/// The attributes the model keeps of each phrase-level element it knows; an
/// element with any other (or a `gap` of another reason, a mark with another
/// `@resp` than the editor's `resp`, a `persName/@ref` that is not a pointer)
/// is kept as generic markup, so that no attribute is lost.
pub(super) fn writes_back(e: &XmlElement, resp: Option<&str>) -> bool {
    let kept: &[&str] = match e.local() {
        "gap" => {
            return e.attr("reason") == Some("editorial")
                && only(e, &["reason", "resp"])
                && e.attr("resp") == resp;
        }
        "supplied" => return by_editor(e, resp),
        // The writer gives an editor's note the editor's `@resp`.
        "note" if e.attr("resp").is_some_and(|r| Some(r) != resp) => return false,
        "persName" if e.attr("ref").is_some_and(|r| !r.starts_with('#')) => return false,
        "lb" | "choice" | "expan" | "roleName" | "signed" | "placeName" | "title" | "pubPlace" => {
            &[]
        }
        "hi" => &["rend"],
        "anchor" => &["n", "xml:id"],
        "note" => &["type", "n", "xml:id", "place", "resp", "rend", "target"],
        "persName" => &["ref"],
        "date" => &["when", "notBefore", "notAfter"],
        "idno" => &["type"],
        "biblScope" => &["unit", "from", "to"],
        _ => return true,
    };
    only(e, kept)
}

/// Every attribute of `e` is one of `names`.
pub(super) fn only(e: &XmlElement, names: &[&str]) -> bool {
    e.pairs().all(|(k, _)| names.contains(&k))
}

/// Block-level elements the model knows; met inside running text they are kept
/// as generic markup without a warning.
const MODELLED_BLOCKS: &[&str] = &[
    "p", "list", "item", "label", "sp", "speaker", "head", "opener", "closer", "dateline",
];

/// A note that gives the original reading (the `sic`), or an anchor in a
/// document `div` (`in_document`; its note stands at the end of the
/// document), right after a `choice`: the form teikit writes a corrected
/// reading in. A note that does not quote the `sic` is some other note, and
/// an anchor in TEI of another form some other anchor: the `choice` keeps
/// both its sides.
fn annotated(choice: &XmlElement, next: Option<&XmlNode>, in_document: bool) -> bool {
    let Some(XmlNode::Element(e)) = next else {
        return false;
    };
    match e.local() {
        "anchor" => in_document,
        "note" => choice
            .child("sic")
            .map(|sic| sic.text())
            .is_some_and(|sic| !sic.trim().is_empty() && e.text().contains(sic.trim())),
        _ => false,
    }
}
