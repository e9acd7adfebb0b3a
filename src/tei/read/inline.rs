//! Phrase-level content read back into `Inline`s; unknown markup kept as `Element`.

use super::Mapper;
use super::xml::{XmlElement, XmlNode, is_blank};
use crate::model::{DateValue, Element, Inline, InlineKind};

impl Mapper {
    pub(super) fn inlines(&mut self, children: &[XmlNode]) -> Vec<Inline> {
        children
            .iter()
            .map(|child| match child {
                XmlNode::Text { text, span } => Inline::text(*span, text.clone()),
                XmlNode::Element(e) => self.inline(e),
            })
            .collect()
    }

    pub(super) fn inline(&mut self, element: &XmlElement) -> Inline {
        match self.known_inline(element) {
            Some(kind) => Inline::new(element.span, kind),
            None => {
                self.unknown(element, "in running text");
                self.element_inline(element)
            }
        }
    }

    /// The model's form of a phrase-level element, `None` when teikit does not
    /// model it (or not with the markup it holds).
    pub(super) fn known_inline(&mut self, e: &XmlElement) -> Option<InlineKind> {
        let attr = |key: &str| e.attr(key).map(String::from);
        Some(match e.local.as_str() {
            "gap" => InlineKind::Gap,
            "lb" => InlineKind::Lb,
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
            "choice" => choice_of(e)?,
            "expan" => expan_of(e)?,
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
        self.inside_unknown += 1;
        let content = self.inlines(&element.children);
        self.inside_unknown -= 1;
        Element {
            span: element.span,
            name: element.name.clone(),
            attributes: element.attributes.clone(),
            content,
        }
    }
}

/// `<choice><sic>…</sic><corr>…</corr></choice>`, text only.
fn choice_of(e: &XmlElement) -> Option<InlineKind> {
    let mut sic = None;
    let mut corr = None;
    for child in &e.children {
        match child {
            XmlNode::Element(c) if c.local == "sic" => sic = Some(c.text_only()?),
            XmlNode::Element(c) if c.local == "corr" => corr = Some(c.text_only()?),
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
fn expan_of(e: &XmlElement) -> Option<InlineKind> {
    match e.children.as_slice() {
        [XmlNode::Text { text, .. }, XmlNode::Element(ex)] if ex.local == "ex" => {
            Some(InlineKind::Expan {
                abbr: text.clone(),
                ex: ex.text_only()?,
            })
        }
        [XmlNode::Element(ex)] if ex.local == "ex" => Some(InlineKind::Expan {
            abbr: String::new(),
            ex: ex.text_only()?,
        }),
        _ => None,
    }
}
