//! Events whose names and values borrow from the document, for a consumer
//! that reads millions of them (the RELAX NG validator): a start tag costs
//! no allocation but its attribute list, and nothing is shared between
//! threads (no reference-counted namespace), so a reader on one thread and
//! a validator on another do not hand memory back and forth. Namespaces are
//! left to the consumer, which follows the declarations the tags carry.
//! [`super::XmlReader::next_event`] makes the owned, resolved
//! [`super::XmlEvent`]s from these.

use std::borrow::Cow;

use crate::model::Span;

/// A name as the document writes it (`tei:p`, `xml:id`, `p`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRef<'a> {
    pub qname: Cow<'a, str>,
    /// Where the colon is, if the name has a prefix.
    colon: Option<usize>,
}

impl<'a> NameRef<'a> {
    pub fn new(qname: Cow<'a, str>) -> Self {
        let colon = qname.bytes().position(|b| b == b':');
        NameRef { qname, colon }
    }

    /// The prefix (`""` when there is none).
    pub fn prefix(&self) -> &str {
        match self.colon {
            Some(colon) => &self.qname[..colon],
            None => "",
        }
    }

    pub fn local(&self) -> &str {
        match self.colon {
            Some(colon) => &self.qname[colon + 1..],
            None => &self.qname,
        }
    }
}

#[derive(Debug, Clone)]
pub struct AttributeRef<'a> {
    pub name: NameRef<'a>,
    /// The value after entity expansion and attribute-value normalisation.
    pub value: Cow<'a, str>,
    /// From the attribute name to the closing quote.
    pub span: Span,
}

/// A start tag, checked (prefixes declared, no duplicate attributes).
#[derive(Debug, Clone)]
pub struct TagRef<'a> {
    pub name: NameRef<'a>,
    /// Attributes other than namespace declarations.
    pub attributes: Vec<AttributeRef<'a>>,
    /// Namespace declarations made on this element (`""` = default).
    pub declared: Vec<(String, String)>,
    /// The whole tag (`<p rend="x">`).
    pub span: Span,
    /// Written `<p/>`; an end event follows at once.
    pub empty: bool,
}

/// One event of the stream, borrowed (see [`super::XmlEvent`]).
#[derive(Debug, Clone)]
pub enum EventRef<'a> {
    Start(TagRef<'a>),
    End {
        span: Span,
    },
    Text {
        text: Cow<'a, str>,
        span: Span,
    },
    Pi {
        target: String,
        content: String,
        span: Span,
        before_root: bool,
    },
}

impl<'a> From<super::XmlEvent<'a>> for EventRef<'a> {
    /// The borrowed form of an owned event (names and values stay owned).
    fn from(event: super::XmlEvent<'a>) -> Self {
        let attribute = |a: super::Attribute| AttributeRef {
            name: NameRef::new(Cow::Owned(a.name.qname)),
            value: Cow::Owned(a.value),
            span: a.span,
        };
        match event {
            super::XmlEvent::Start(tag) => {
                let tag = *tag;
                EventRef::Start(TagRef {
                    name: NameRef::new(Cow::Owned(tag.name.qname)),
                    attributes: tag.attributes.into_iter().map(attribute).collect(),
                    declared: tag.declared,
                    span: tag.span,
                    empty: tag.empty,
                })
            }
            super::XmlEvent::End { span } => EventRef::End { span },
            super::XmlEvent::Text { text, span } => EventRef::Text { text, span },
            super::XmlEvent::Pi {
                target,
                content,
                span,
                before_root,
            } => EventRef::Pi {
                target,
                content,
                span,
                before_root,
            },
        }
    }
}

/// An event, or the error that ends the stream, as one line of text with
/// everything a test compares: names, attribute values and spans,
/// declarations, where an end tag starts. Two readings of one document
/// (on one thread or two, attributes read by the reader or left to the
/// consumer) must give the same lines.
#[cfg(test)]
pub(crate) fn describe(item: &Result<EventRef<'_>, Box<crate::diagnostic::Diagnostic>>) -> String {
    match item {
        Ok(EventRef::Start(tag)) => format!(
            "<{}{} {:?}",
            tag.name.qname,
            tag.attributes
                .iter()
                .map(|a| format!(" {}={:?}@{:?}", a.name.qname, a.value, a.span))
                .collect::<String>(),
            tag.declared
        ),
        Ok(EventRef::End { span }) => format!(">{}", span.start),
        Ok(EventRef::Text { text, .. }) => format!("{text:?}"),
        Ok(EventRef::Pi { target, .. }) => format!("?{target}"),
        Err(diagnostic) => format!(
            "error {} {:?} {}",
            diagnostic.code, diagnostic.span, diagnostic.message
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_splits_at_its_colon() {
        let check = |qname: &str, prefix: &str, local: &str| {
            let name = NameRef::new(Cow::Borrowed(qname));
            assert_eq!((name.prefix(), name.local()), (prefix, local), "{qname}");
        };
        check("tei:p", "tei", "p");
        check("p", "", "p");
        check("xml:id", "xml", "id");
    }
}
