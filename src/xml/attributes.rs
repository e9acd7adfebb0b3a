//! The attributes of one start tag, read and checked (values normalised,
//! spans found, duplicates refused in linear time, prefixes declared): one
//! routine for the reader, and for a consumer on another thread that reads
//! the attributes the reader left to it ([`Deferred`]), so that the work of
//! a pipelined validation is shared between two cores and both give the
//! same events and the same errors.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::Arc;

use quick_xml::events::BytesStart;

use super::entities::Entities;
use super::{EventRef, Scope, TagRef, chars, entity_error, malformed};
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use crate::xml::{AttributeRef, MAX_ENTITY_EXPANSION, NameRef};

/// A start tag's attributes as written, before its namespace declarations
/// are in scope.
pub(super) struct Read<'a> {
    pub attributes: Vec<AttributeRef<'a>>,
    pub declared: Vec<(String, String)>,
    /// How many attributes have a prefix.
    pub prefixed: usize,
}

/// Reads the attributes of `tag` (the start tag at `span` of `text`, which
/// it borrows from), expanding references with `entities` (adding what they
/// add to `expanded`); refuses malformed attributes, forbidden characters
/// brought by references, duplicate names and expansion past the budget.
/// `keys` is scratch space kept by the caller between tags.
pub(super) fn read<'a>(
    text: &'a str,
    tag: &BytesStart<'_>,
    span: Span,
    entities: &Entities,
    expanded: &mut usize,
    keys: &mut Vec<(Cow<'a, str>, Span)>,
) -> Result<Read<'a>, Box<Diagnostic>> {
    let raw_tag = text.get(span.start..span.end).unwrap_or("");
    let mut cursor = 0usize;
    keys.clear();
    let mut declared = Vec::new();
    let mut attributes = Vec::new();
    let mut prefixed = 0usize;
    let mut attributes_iter = tag.attributes();
    attributes_iter.with_checks(false);
    for attribute in attributes_iter {
        let attribute =
            attribute.map_err(|e| malformed(span, format!("malformed attribute: {e}")))?;
        let key = attribute.key.as_ref();
        // The key and value borrow from the document: their positions
        // give the span at once; the search is for an owned value.
        let attr_span = match (offset_in(text, key), &attribute.value) {
            (Some(at), Cow::Borrowed(value)) if !value.is_empty() => match offset_in(text, value) {
                Some(value_at) if value_at > at => {
                    cursor = value_at + value.len() + 1 - span.start;
                    Span::new(at, value_at + value.len() + 1)
                }
                _ => attribute_span(raw_tag, span.start, key, &mut cursor),
            },
            _ => attribute_span(raw_tag, span.start, key, &mut cursor),
        };
        // The key as a slice of the document (the event's names are
        // made from it without a copy of the key first).
        // quick-xml's key is usually that very slice: the same address, no
        // need to compare the bytes.
        let written: Cow<'a, str> = match raw_tag
            .get(attr_span.start - span.start..)
            .and_then(|r| r.get(..key.len()))
        {
            Some(written) if std::ptr::eq(written, key) || written == key => Cow::Borrowed(written),
            _ => Cow::Owned(key.to_string()),
        };
        let value = attribute
            .normalized_value_with(quick_xml::XmlVersion::Implicit1_0, 1, |name| {
                entities.lookup(name)
            })
            .map_err(|e| malformed(attr_span, format!("attribute {key}: {e}")))?;
        // Raw characters were checked over the whole text; only a value
        // changed by references can hold a new one.
        if let Cow::Owned(changed) = &value
            && let Some(c) = changed.chars().find(|c| !chars::is_xml_char(*c))
        {
            return Err(malformed(
                attr_span,
                format!(
                    "attribute {key} contains U+{:04X}, which is not allowed in XML",
                    u32::from(c)
                ),
            ));
        }
        // A value left as written is a slice of the document too.
        let value: Cow<'a, str> = match value {
            Cow::Borrowed(v) => match offset_in(text, v) {
                Some(at) => Cow::Borrowed(&text[at..at + v.len()]),
                None => Cow::Owned(v.to_string()),
            },
            Cow::Owned(v) => Cow::Owned(v),
        };
        *expanded += value.len().saturating_sub(attribute.value.len());
        keys.push((written.clone(), attr_span));
        if written == "xmlns" {
            declared.push((String::new(), value.into_owned()));
        } else if let Some(prefix) = written.strip_prefix("xmlns:") {
            if value.is_empty() {
                return Err(malformed(
                    attr_span,
                    format!("prefix `{prefix}` cannot be undeclared in XML 1.0"),
                ));
            }
            declared.push((prefix.to_string(), value.into_owned()));
        } else {
            let name = NameRef::new(written);
            prefixed += usize::from(!name.prefix().is_empty());
            attributes.push(AttributeRef {
                name,
                value,
                span: attr_span,
            });
        }
    }
    if let Some((key, attr_span)) = first_duplicate(keys, |(k, _)| &**k) {
        return Err(malformed(*attr_span, format!("duplicate attribute {key}")));
    }
    if *expanded > MAX_ENTITY_EXPANSION {
        return Err(entity_error(
            span,
            "entity expansion exceeds the limit (1 MiB); refusing to expand further",
        ));
    }
    Ok(Read {
        attributes,
        declared,
        prefixed,
    })
}

/// Refuses an attribute prefix `scope` (the element's, its own
/// declarations in it) does not declare, and two attributes with the same
/// expanded name; `prefixed` counts the attributes with a prefix.
pub(super) fn check_namespaces(
    attributes: &[AttributeRef<'_>],
    prefixed: usize,
    scope: &Scope,
) -> Result<(), Box<Diagnostic>> {
    if prefixed == 0 {
        return Ok(());
    }
    let mut qualified: Vec<(&Arc<str>, &AttributeRef<'_>)> = Vec::new();
    for attribute in attributes {
        let prefix = attribute.name.prefix();
        if prefix.is_empty() {
            continue;
        }
        let uri = scope.namespace_of(prefix).ok_or_else(|| {
            malformed(
                attribute.span,
                format!("namespace prefix `{prefix}` is not declared"),
            )
        })?;
        // Two names can expand alike only when two have a prefix.
        if prefixed > 1 {
            qualified.push((uri, attribute));
        }
    }
    if let Some((_, attribute)) = first_duplicate(&qualified, |(uri, a)| (&***uri, a.name.local()))
    {
        return Err(malformed(
            attribute.span,
            format!(
                "duplicate attribute {} (same namespace and local name)",
                attribute.name.qname
            ),
        ));
    }
    Ok(())
}

/// Whether the reader may leave the attributes of the start tag `raw_tag`
/// to the consumer: it declares no namespace (the reader's scope needs
/// none of them) and refers to no entity (the consumer knows none).
pub(super) fn deferrable(raw_tag: &str) -> bool {
    let bytes = raw_tag.as_bytes();
    !memchr::memchr2_iter(b'&', b'x', bytes)
        .any(|at| bytes[at] == b'&' || bytes[at..].starts_with(b"xmlns"))
}

/// The consumer's side of deferred attributes: the namespace bindings at
/// each event (followed from the declarations the tags carry) and the
/// scratch space of `read`. Fed every event of the stream in order, it
/// fills in the attributes of the start tags the reader deferred, with the
/// errors the reader would have given.
pub struct Deferred<'a> {
    text: &'a str,
    scope: Scope,
    /// The element that ended last: its bindings go before the next event.
    pop_pending: bool,
    keys: Vec<(Cow<'a, str>, Span)>,
    no_entities: Entities,
}

impl<'a> Deferred<'a> {
    /// Attributes deferred by a reader of `text` whose bindings are `scope`
    /// at the next event ([`super::XmlReader::defer_attributes`]).
    pub(super) fn new(text: &'a str, scope: Scope) -> Self {
        Deferred {
            text,
            scope,
            pop_pending: false,
            keys: Vec::new(),
            no_entities: Entities::default(),
        }
    }

    /// Follows `event` (the next of the stream); a start tag whose
    /// attributes were deferred gets them, or the error they hold.
    pub fn complete(&mut self, event: &mut EventRef<'a>) -> Result<(), Box<Diagnostic>> {
        if self.pop_pending {
            self.pop_pending = false;
            self.scope.leave();
        }
        match event {
            EventRef::Start(tag) => {
                self.scope.enter(
                    tag.declared
                        .iter()
                        .map(|(p, u)| (p.clone(), Arc::<str>::from(u.as_str()))),
                );
                if is_deferred(tag) {
                    self.fill(tag)?;
                }
            }
            EventRef::End { .. } => self.pop_pending = true,
            EventRef::Text { .. } | EventRef::Pi { .. } => {}
        }
        Ok(())
    }

    /// Reads the attributes of `tag` as the reader would have.
    fn fill(&mut self, tag: &mut TagRef<'a>) -> Result<(), Box<Diagnostic>> {
        let span = tag.span;
        let close = if tag.empty { 2 } else { 1 };
        let Some(content) = self
            .text
            .get(span.start + 1..span.end.saturating_sub(close))
        else {
            return Ok(());
        };
        let start = BytesStart::from_content(content, tag.name.qname.len());
        // Deferred tags refer to no entity: nothing can be added.
        let mut expanded = 0;
        let read = read(
            self.text,
            &start,
            span,
            &self.no_entities,
            &mut expanded,
            &mut self.keys,
        )?;
        check_namespaces(&read.attributes, read.prefixed, &self.scope)?;
        tag.attributes = read.attributes;
        Ok(())
    }
}

/// A start tag whose attributes the reader left unread: none read, no
/// declaration, and more than the name between its brackets. (A tag read
/// whole that matches has only spaces after its name: reading it again
/// finds nothing.)
fn is_deferred(tag: &TagRef<'_>) -> bool {
    let close = if tag.empty { 2 } else { 1 };
    tag.attributes.is_empty()
        && tag.declared.is_empty()
        && tag.span.end - tag.span.start > 1 + tag.name.qname.len() + close
}

/// The first item whose key an earlier item has: pairwise for the few
/// attributes of a usual tag, hashed beyond, so any count costs linear time.
fn first_duplicate<'i, T, K: Eq + std::hash::Hash>(
    items: &'i [T],
    key: impl Fn(&'i T) -> K,
) -> Option<&'i T> {
    if items.len() <= 8 {
        return items
            .iter()
            .enumerate()
            .find(|(i, item)| items[..*i].iter().any(|other| key(other) == key(item)))
            .map(|(_, item)| item);
    }
    let mut seen = HashSet::with_capacity(items.len());
    items.iter().find(|item| !seen.insert(key(item)))
}

/// Where `part` lies in `text`, when it is a slice of it (quick-xml's events
/// borrow from the document they read).
fn offset_in(text: &str, part: &str) -> Option<usize> {
    let base = text.as_ptr() as usize;
    let at = (part.as_ptr() as usize).checked_sub(base)?;
    (at + part.len() <= text.len()).then_some(at)
}

/// The span of `key="value"` inside a start tag (`raw_tag`, starting at byte
/// `tag_start` of the file), searching from `cursor` on: attributes come in
/// order, so all spans of one tag cost one pass over it.
fn attribute_span(raw_tag: &str, tag_start: usize, key: &str, cursor: &mut usize) -> Span {
    let bytes = raw_tag.as_bytes();
    let mut from = *cursor;
    while let Some(found) = raw_tag.get(from..).and_then(|r| r.find(key)) {
        let at = from + found;
        let before_ok = at > 0 && bytes.get(at - 1).is_some_and(|b| b.is_ascii_whitespace());
        let after = raw_tag.get(at + key.len()..).unwrap_or("");
        let after_trim = after.trim_start();
        if before_ok && after_trim.starts_with('=') {
            let value_part = after_trim[1..].trim_start();
            let consumed_before_value = after.len() - value_part.len();
            let end = match value_part.chars().next() {
                Some(q @ ('"' | '\'')) => value_part[1..]
                    .find(q)
                    .map(|i| at + key.len() + consumed_before_value + i + 2),
                _ => None,
            };
            let end = end.unwrap_or(at + key.len());
            *cursor = end;
            return Span::new(tag_start + at, tag_start + end);
        }
        from = at + key.len();
    }
    Span::new(tag_start, tag_start + raw_tag.len())
}

/// The root of the documents [`TRICKY_TAGS`] go in: a default namespace
/// and two prefixes bound to one URI.
#[cfg(test)]
pub(crate) const TRICKY_ROOT: &str = r#"<r xmlns="urn:d" xmlns:a="urn:a" xmlns:b="urn:a">"#;

/// Start tags that try each rule of reading attributes: prefixes declared
/// on the root, further in, or nowhere; duplicates by name and by expanded
/// name; malformed ones; references; odd spacing. For the tests of both
/// places that read them (the reader, and the consumer it leaves them to).
#[cfg(test)]
pub(crate) const TRICKY_TAGS: [&str; 15] = [
    r#"<e a:x="1" y='2'/>"#,
    r#"<e xml:id="i1" n="2">t</e>"#,
    r#"<e xmlns:c="urn:c"><f c:x="1" a:x="2"/></e>"#,
    r#"<e c:x="1"/>"#,
    r#"<e x="1" x="2"/>"#,
    r#"<e a:x="1" b:x="2"/>"#,
    r#"<e x="1" y=2/>"#,
    r#"<e x="&amp;" y="&#1;"/>"#,
    r#"<e x="a&#10;b" y="t	ab"/>"#,
    r#"<z:e x="1" y=2/>"#,
    r#"<z:e x="1"/>"#,
    r#"<e x="1" y=2 xmlns:z="urn:z"/>"#,
    "<e\n x = '1'\n/>",
    "<e >t</e>",
    r#"<e x="1" x="2" xmlnsy="3"/>"#,
];

#[cfg(test)]
mod tests {
    use super::{TRICKY_ROOT, TRICKY_TAGS};
    use crate::xml::XmlReader;

    /// The events of `text` rendered with their attributes (names, values,
    /// spans) and declarations, or the error that ends them.
    fn events(text: &str, deferring: bool) -> Vec<String> {
        let mut reader = XmlReader::new(text);
        let mut deferred = deferring.then(|| reader.defer_attributes());
        let mut out = Vec::new();
        while let Some(item) = reader.next_event_ref() {
            let item = item.and_then(|mut event| {
                if let Some(deferred) = &mut deferred {
                    deferred.complete(&mut event)?;
                }
                Ok(event)
            });
            let failed = item.is_err();
            out.push(crate::xml::borrowed::describe(&item));
            if failed {
                break;
            }
        }
        out
    }

    /// Attributes left to the consumer give the events and the errors the
    /// reader gives when it reads them itself.
    fn check(text: &str) {
        let read_here = events(text, false);
        assert_eq!(events(text, true), read_here, "{text}");
    }

    #[test]
    fn deferred_attributes_are_read_as_the_reader_reads_them() {
        for tag in TRICKY_TAGS {
            check(&format!("{TRICKY_ROOT}{tag}<e n='1'/></r>"));
        }
    }
}
