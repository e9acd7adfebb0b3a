//! The markup around the documents, kept as a [`Frame`] so that a TEI file
//! teikit did not write is written back in its own shape: elements as read,
//! header parts the model holds whole named by their slot.

use super::xml::{XmlElement, XmlNode, is_blank, parse_tree};
use crate::model::{Frame, FrameElement, FrameNode, Header, HeaderPart};
use crate::tei::write::header_part_xml;

/// The TEI namespace, which teikit's own files declare as the default.
const TEI_NS: &str = "http://www.tei-c.org/ns/1.0";

/// An element with no children yet: name and attributes as read.
pub(super) fn shell(element: &XmlElement) -> FrameElement {
    FrameElement {
        name: element.name.to_string(),
        attributes: element.owned_attributes(),
        children: Vec::new(),
    }
}

/// An element kept whole as read. Whitespace between elements is layout and
/// left out; in an element holding text every text is kept as it is.
pub(super) fn verbatim(element: &XmlElement) -> FrameElement {
    let mixed = element
        .children
        .iter()
        .all(|c| matches!(c, XmlNode::Text { .. }))
        || element
            .children
            .iter()
            .any(|c| matches!(c, XmlNode::Text { text, .. } if !is_blank(text)));
    let mut frame = shell(element);
    for child in &element.children {
        match child {
            XmlNode::Element(e) => frame.children.push(FrameNode::Element(verbatim(e))),
            XmlNode::Text { text, .. } if mixed || !is_blank(text) => {
                frame.children.push(FrameNode::Text(text.to_string()))
            }
            XmlNode::Text { .. } => {}
        }
    }
    frame
}

/// `part` when the model's slots write it back as the same XML as `element`,
/// else `element` kept whole.
pub(super) fn header_part(element: &XmlElement, header: &Header, part: HeaderPart) -> FrameNode {
    let written = header_part_xml(header, part);
    match parse_tree(&written) {
        Ok(written) if same_shape(element, &written) => FrameNode::Modelled(part),
        _ => FrameNode::Element(verbatim(element)),
    }
}

/// The same element name as written, the same attributes in any order, the
/// same children; text compared with its whitespace collapsed and
/// whitespace-only text left out.
fn same_shape(a: &XmlElement, b: &XmlElement) -> bool {
    let mut a_attributes: Vec<_> = a.pairs().collect();
    let mut b_attributes: Vec<_> = b.pairs().collect();
    a_attributes.sort();
    b_attributes.sort();
    fn items<'e, 'a>(e: &'e XmlElement<'a>) -> Vec<Result<String, &'e XmlElement<'a>>> {
        e.children
            .iter()
            .filter_map(|c| match c {
                XmlNode::Element(e) => Some(Err(e)),
                XmlNode::Text { text, .. } => {
                    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    (!collapsed.is_empty()).then_some(Ok(collapsed))
                }
            })
            .collect()
    }
    let (a_items, b_items) = (items(a), items(b));
    a.name == b.name
        && a_attributes == b_attributes
        && a_items.len() == b_items.len()
        && a_items.iter().zip(&b_items).all(|pair| match pair {
            (Ok(x), Ok(y)) => x == y,
            (Err(x), Err(y)) => same_shape(x, y),
            _ => false,
        })
}

/// The frame teikit's own layout writes for `edition`: a TEI kept in this
/// shape needs no frame of its own (`documents`: how many it holds).
pub(super) fn own_frame(header: &Header, documents: usize) -> Frame {
    let element = |name: &str, children: Vec<FrameNode>| {
        FrameNode::Element(FrameElement {
            name: name.to_string(),
            attributes: Vec::new(),
            children,
        })
    };
    let written = |part| !header_part_xml(header, part).trim().is_empty();
    let mut header_parts = vec![element(
        "fileDesc",
        vec![
            FrameNode::Modelled(HeaderPart::TitleStmt),
            FrameNode::Modelled(HeaderPart::PublicationStmt),
            FrameNode::Modelled(HeaderPart::SourceDesc),
        ],
    )];
    for part in [HeaderPart::EncodingDesc, HeaderPart::ProfileDesc] {
        if written(part) {
            header_parts.push(FrameNode::Modelled(part));
        }
    }
    let mut children = vec![element("teiHeader", header_parts)];
    if written(HeaderPart::StandOff) {
        children.push(FrameNode::Modelled(HeaderPart::StandOff));
    }
    let documents = FrameNode::Documents {
        start: 0,
        end: documents,
    };
    children.push(element("text", vec![element("body", vec![documents])]));
    let mut attributes = vec![("xmlns".to_string(), TEI_NS.to_string())];
    if !header.language.is_empty() {
        attributes.push(("xml:lang".to_string(), header.language.clone()));
    }
    Frame {
        root: FrameElement {
            name: "TEI".into(),
            attributes,
            children,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(xml: &str) -> XmlElement<'_> {
        parse_tree(xml).unwrap()
    }

    #[test]
    fn shapes_compare_names_attributes_and_collapsed_text() {
        let check = |a: &str, b: &str, expect: bool| {
            assert_eq!(same_shape(&tree(a), &tree(b)), expect, "{a} / {b}");
        };
        check(
            "<a x='1' y='2'><b>t  u</b></a>",
            "<a y='2' x='1'>\n <b> t u </b>\n</a>",
            true,
        );
        check("<a><b/></a>", "<a><c/></a>", false);
        check("<a x='1'/>", "<a/>", false);
        check("<a>t</a>", "<a>u</a>", false);
        check("<a><b/><b/></a>", "<a><b/></a>", false);
        check("<t:a xmlns:t='u'/>", "<a/>", false);
    }

    #[test]
    fn a_header_part_the_model_writes_back_is_named_by_its_slot() {
        let header = Header {
            title: "T".into(),
            ..Header::default()
        };
        let same = tree("<titleStmt><title>T</title></titleStmt>");
        let more = tree("<titleStmt><title>T</title><author>A</author></titleStmt>");
        assert_eq!(
            header_part(&same, &header, HeaderPart::TitleStmt),
            FrameNode::Modelled(HeaderPart::TitleStmt)
        );
        let FrameNode::Element(kept) = header_part(&more, &header, HeaderPart::TitleStmt) else {
            panic!("kept whole expected");
        };
        assert_eq!(kept.children.len(), 2);
    }
}
