//! The one safe XML layer of teikit: quick-xml underneath, a stream of
//! namespace-resolved events with byte spans on top, and one policy for
//! everything a hostile file could try.
//!
//! - Well-formedness as XML 1.0 defines it: syntax, matching end tags,
//!   characters outside `Char` (raw or by reference), duplicate attributes
//!   (by name and by expanded name, in linear time), undeclared prefixes.
//! - Entities: internal general entities expand within a budget; external
//!   ones are never fetched (a reference to one is an error).
//! - Nesting deeper than [`MAX_DEPTH`] is an error, not a stack overflow.
//!
//! Consumers read [`XmlReader`] as an iterator of [`XmlEvent`]s: the
//! validator matches them as a stream, and a tree builder (the validator's
//! [`crate::validate::xml::Tree`], the TEI reader) can collect them. Adjacent
//! text, CDATA and references arrive merged as one [`XmlEvent::Text`]; an
//! empty element arrives as a start and an end event.
//!
//! Over 600 lines on purpose: [`XmlReader`] is one state machine (its event
//! loop, namespace scopes and the checks above share its state); what stands
//! apart is split out already (`attributes`, `chars`, `entities`, `mapped`,
//! `codes`).

// A parse fails once per file, so its error is returned unboxed.
#![allow(clippy::result_large_err)]

mod attributes;
pub mod borrowed;
pub mod chars;
pub mod codes;
mod entities;
pub mod mapped;
pub mod prolog;
pub mod scope;

use std::borrow::Cow;
use std::io::BufRead;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::diagnostic::Diagnostic;
use crate::model::Span;
pub use attributes::Deferred;
#[cfg(test)]
pub(crate) use attributes::{TRICKY_ROOT, TRICKY_TAGS};
pub use borrowed::{AttributeRef, EventRef, NameRef, TagRef};
use entities::Entities;
pub use scope::Scope;

/// Deepest element nesting accepted; TEI editions stay far below it.
pub const MAX_DEPTH: usize = 256;
/// Most bytes that entity expansion may add to one document.
pub const MAX_ENTITY_EXPANSION: usize = 1 << 20;
/// How far ahead of a text the reader looks for the next carriage return.
const CR_LOOKAHEAD: usize = 16 << 10;

pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
pub const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

/// A namespace-resolved name with the prefix the file used.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Name {
    /// Shared with every other name in the same namespace (one allocation
    /// per declaration, not per element).
    pub namespace: Option<Arc<str>>,
    pub local: String,
    /// The name as written (`xml:id`, `tei:p`).
    pub qname: String,
}

#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: Name,
    /// The value after entity expansion and attribute-value normalisation.
    pub value: String,
    /// From the attribute name to the closing quote.
    pub span: Span,
}

/// A start tag, resolved.
#[derive(Debug, Clone)]
pub struct StartTag {
    pub name: Name,
    pub attributes: Vec<Attribute>,
    /// Namespace declarations made on this element (`""` = default).
    pub declared: Vec<(String, String)>,
    /// The whole tag (`<p rend="x">`).
    pub span: Span,
    /// Written `<p/>`; an [`XmlEvent::End`] follows at once.
    pub empty: bool,
}

/// One event of the stream.
#[derive(Debug, Clone)]
pub enum XmlEvent<'a> {
    /// Boxed: events are moved several times on their way, and a start tag
    /// is the largest of them.
    Start(Box<StartTag>),
    /// The end of the innermost open element; `span` is its end tag (or the
    /// empty-element tag).
    End { span: Span },
    /// A merged run of character data inside the root element (borrowed
    /// from the document when it needed no expansion or line-end change).
    Text { text: Cow<'a, str>, span: Span },
    /// A processing instruction (`<?xml-model …?>`); `before_root` says
    /// whether it is in the prolog.
    Pi {
        target: String,
        content: String,
        span: Span,
        before_root: bool,
    },
}

/// A not-well-formed diagnostic at `span`.
pub fn not_well_formed(span: Span, message: impl Into<String>) -> Diagnostic {
    Diagnostic::error(codes::NOT_WELL_FORMED, span, message)
        .with_label("here")
        .with_help(
            "fix the XML syntax at this position; nothing else can be checked until it parses",
        )
}

/// [`not_well_formed`], boxed: an event stream's results stay small (a
/// failure happens once per file, an event millions of times).
fn malformed(span: Span, message: impl Into<String>) -> Box<Diagnostic> {
    Box::new(not_well_formed(span, message))
}

fn entity_error(span: Span, message: impl Into<String>) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(codes::ENTITY, span, message)
            .with_label("this reference")
            .with_help("write the characters themselves instead of an entity reference"),
    )
}

/// The event stream over one document's text.
pub struct XmlReader<'a> {
    text: &'a str,
    reader: Reader<&'a [u8]>,
    /// In-scope namespace bindings and the open elements.
    scope: Scope,
    root_seen: bool,
    entities: Entities,
    expanded: usize,
    text_run: Option<(Cow<'a, str>, Span)>,
    /// quick-xml read markup or a reference last (not text, nor nothing
    /// yet), so text comes next ([`Self::text_before_markup`]).
    at_text: bool,
    /// No carriage return lies between the current text's start and this
    /// position ([`Self::no_carriage_return`]).
    no_cr_before: usize,
    /// Events produced but not yet returned (at most two: an event after a
    /// text run, and the end of an empty element), the next one last: a
    /// plain vector, whose push and pop are small enough to be inlined in
    /// the event loop.
    queue: Vec<EventRef<'a>>,
    /// The last event returned was an end: its bindings go before the next.
    pop_pending: bool,
    finished: bool,
    /// The text was scanned for characters outside XML's `Char`; the first
    /// one found is in `forbidden` until it is reported.
    checked_chars: bool,
    forbidden: Option<(usize, char)>,
    /// Called with the byte position every [`mapped::WINDOW`] bytes read:
    /// the text before it may be handed back ([`mapped::FileText`]).
    release: Option<&'a (dyn Fn(usize) + Sync)>,
    next_release: usize,
    /// Scratch lists of [`Self::start`], kept so a tag does not allocate them.
    key_buffer: Vec<(Cow<'a, str>, Span)>,
    /// Start tags that declare no namespace and refer to no entity come
    /// with their attributes unread, for the consumer ([`Deferred`]).
    defer_attributes: bool,
}

impl<'a> XmlReader<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.check_comments = true;
        config.expand_empty_elements = false;
        XmlReader {
            text,
            reader,
            scope: Scope::default(),
            root_seen: false,
            entities: Entities::default(),
            expanded: 0,
            text_run: None,
            at_text: false,
            no_cr_before: 0,
            queue: Vec::new(),
            pop_pending: false,
            finished: false,
            checked_chars: false,
            forbidden: None,
            release: None,
            next_release: mapped::WINDOW,
            key_buffer: Vec::new(),
            defer_attributes: false,
        }
    }

    /// As [`Self::new`], calling `release` as the reader moves on, so the
    /// text behind it need not stay resident.
    pub fn with_release(text: &'a str, release: &'a (dyn Fn(usize) + Sync)) -> Self {
        XmlReader {
            release: Some(release),
            ..Self::new(text)
        }
    }

    /// As this reader, over a text whose first character outside XML's
    /// `Char` is known already ([`mapped::FileText::first_forbidden`]): the
    /// text is not scanned again.
    pub fn with_first_forbidden(self, first_forbidden: Option<(usize, char)>) -> Self {
        XmlReader {
            checked_chars: true,
            forbidden: first_forbidden,
            ..self
        }
    }

    /// From here on, start tags that declare no namespace and refer to no
    /// entity come with their attributes unread; the [`Deferred`] returned
    /// must see every later event, in order, to fill them in (with the
    /// errors this reader would have found). A reader on one thread and
    /// its consumer on another so share the work of a tag.
    pub fn defer_attributes(&mut self) -> Deferred<'a> {
        self.defer_attributes = true;
        // The scope at the next event to be returned: an element ended
        // still has its bindings, and a start tag queued has its own.
        let mut scope = self.scope.clone();
        if self.pop_pending {
            scope.leave();
        }
        for _ in self
            .queue
            .iter()
            .filter(|event| matches!(event, EventRef::Start(_)))
        {
            scope.leave();
        }
        Deferred::new(self.text, scope)
    }

    /// Whether start tags come with their attributes unread from here on,
    /// once [`Self::defer_attributes`] made the [`Deferred`] that reads
    /// them (it tells a deferred tag by its look, whichever the mode).
    pub fn set_deferring(&mut self, on: bool) {
        self.defer_attributes = on;
    }

    /// The first character outside XML's `Char`, scanned window by window
    /// (each released once scanned).
    fn first_forbidden(&self) -> Option<(usize, char)> {
        let mut start = 0;
        while start < self.text.len() {
            let mut end = (start + mapped::WINDOW).min(self.text.len());
            while !self.text.is_char_boundary(end) {
                end += 1;
            }
            if let Some((at, c)) = chars::first_forbidden(&self.text[start..end]) {
                return Some((start + at, c));
            }
            if let Some(release) = self.release {
                release(end);
            }
            start = end;
        }
        None
    }

    /// The namespace a prefix is bound to at the current event (`""` = the
    /// default namespace; `xml` is always bound).
    pub fn resolve_prefix(&self, prefix: &str) -> Option<&str> {
        self.scope.resolve_prefix(prefix)
    }

    /// As [`Self::resolve_prefix`], shared.
    fn namespace_of(&self, prefix: &str) -> Option<Arc<str>> {
        self.scope.namespace_of(prefix).cloned()
    }

    /// A prefix bound to `uri` at the current event, innermost first
    /// (`""` for the default namespace).
    pub fn prefix_for(&self, uri: &str) -> Option<&str> {
        self.scope.prefix_for(uri)
    }

    /// The document's text (spans index into it).
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Current nesting depth (open elements).
    pub fn depth(&self) -> usize {
        self.scope.depth()
    }

    /// How far into the text the reader has read (bytes).
    pub fn bytes_read(&self) -> usize {
        self.byte_position()
    }

    fn byte_position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    /// The next event, or `None` at the end of a well-formed document.
    pub fn next_event(&mut self) -> Option<Result<XmlEvent<'a>, Box<Diagnostic>>> {
        let item = self.next_event_ref()?;
        Some(item.map(|event| self.resolved(event)))
    }

    /// The owned, namespace-resolved form of `event`, the event just read.
    fn resolved(&self, event: EventRef<'a>) -> XmlEvent<'a> {
        match event {
            EventRef::Start(tag) => {
                let element_namespace = self.scope.element_namespace(tag.name.prefix()).cloned();
                let name = owned_name(tag.name, element_namespace);
                let attributes = tag
                    .attributes
                    .into_iter()
                    .map(|attribute| {
                        let namespace = self
                            .scope
                            .attribute_namespace(attribute.name.prefix())
                            .cloned();
                        Attribute {
                            name: owned_name(attribute.name, namespace),
                            value: attribute.value.into_owned(),
                            span: attribute.span,
                        }
                    })
                    .collect();
                XmlEvent::Start(Box::new(StartTag {
                    name,
                    attributes,
                    declared: tag.declared,
                    span: tag.span,
                    empty: tag.empty,
                }))
            }
            EventRef::End { span } => XmlEvent::End { span },
            EventRef::Text { text, span } => XmlEvent::Text { text, span },
            EventRef::Pi {
                target,
                content,
                span,
                before_root,
            } => XmlEvent::Pi {
                target,
                content,
                span,
                before_root,
            },
        }
    }

    /// The next event with names and values borrowed from the document and
    /// namespaces left unresolved (the consumer follows the declarations
    /// each tag carries); `None` at the end of a well-formed document.
    pub fn next_event_ref(&mut self) -> Option<Result<EventRef<'a>, Box<Diagnostic>>> {
        // An element's bindings stay in scope while its end event is handled.
        if self.pop_pending {
            self.pop_pending = false;
            self.pop_scope();
        }
        if let Some(event) = self.queue.pop() {
            if matches!(event, EventRef::End { .. }) {
                self.pop_pending = true;
            }
            return Some(Ok(event));
        }
        if self.finished {
            return None;
        }
        match self.advance() {
            Ok(Some(event)) => {
                if matches!(event, EventRef::End { .. }) {
                    self.pop_pending = true;
                }
                Some(Ok(event))
            }
            Ok(None) => {
                self.finished = true;
                None
            }
            Err(diagnostic) => {
                self.finished = true;
                self.queue.clear();
                Some(Err(diagnostic))
            }
        }
    }

    fn pop_scope(&mut self) {
        self.scope.leave();
    }

    /// Reads quick-xml events until one (or a text run) is ready.
    fn advance(&mut self) -> Result<Option<EventRef<'a>>, Box<Diagnostic>> {
        if !self.checked_chars {
            self.checked_chars = true;
            self.forbidden = self.first_forbidden();
        }
        if let Some((at, c)) = self.forbidden.take() {
            return Err(malformed(
                Span::new(at, at + c.len_utf8()),
                format!("character U+{:04X} is not allowed in XML", u32::from(c)),
            ));
        }
        loop {
            let start = self.byte_position();
            if self.at_text && self.text_before_markup(start)? {
                continue;
            }
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(error) => {
                    let at = usize::try_from(self.reader.error_position()).unwrap_or(start);
                    let at = at.min(self.text.len());
                    return Err(malformed(
                        Span::new(at, (at + 1).min(self.text.len())),
                        format!("malformed XML: {error}"),
                    ));
                }
            };
            let end = self.byte_position();
            self.release_before(end);
            let span = Span::new(start, end);
            // quick-xml reads text next after markup and references.
            self.at_text = !matches!(event, Event::Text(_));
            let ready = match event {
                Event::Text(text) => {
                    self.push_text(text.xml10_content(), span)?;
                    None
                }
                Event::CData(data) => {
                    self.push_text(data.xml10_content(), span)?;
                    None
                }
                Event::GeneralRef(reference) => {
                    let replacement = self.reference(&reference, span)?;
                    self.push_text(Cow::Owned(replacement), span)?;
                    None
                }
                Event::Start(tag) => Some(EventRef::Start(self.start(&tag, span, false)?)),
                Event::Empty(tag) => Some(EventRef::Start(self.start(&tag, span, true)?)),
                Event::End(_) => Some(EventRef::End { span }),
                Event::PI(pi) => Some(EventRef::Pi {
                    target: pi.target().to_string(),
                    content: pi.content().to_string(),
                    span,
                    before_root: !self.root_seen,
                }),
                Event::DocType(doctype) => {
                    let raw = doctype.as_ref().to_string();
                    self.entities = Entities::declare(&raw).map_err(|m| {
                        Box::new(
                            Diagnostic::error(codes::ENTITY, span, m)
                                .with_label("in this DOCTYPE")
                                .with_help(
                                    "remove the entity declarations; write the characters themselves",
                                ),
                        )
                    })?;
                    None
                }
                Event::Decl(_) | Event::Comment(_) => None,
                Event::Eof => {
                    if let Some(text) = self.take_text() {
                        return Ok(Some(text));
                    }
                    if self.scope.depth() != 0 {
                        return Err(malformed(
                            Span::new(self.text.len(), self.text.len()),
                            "an element is never closed",
                        ));
                    }
                    if !self.root_seen {
                        return Err(malformed(
                            Span::new(self.text.len(), self.text.len()),
                            "no root element",
                        ));
                    }
                    return Ok(None);
                }
            };
            if let Some(event) = ready {
                // The text run before the event comes first, the end of an
                // empty element after it.
                let empty_end = match &event {
                    EventRef::Start(tag) if tag.empty => Some(EventRef::End { span: tag.span }),
                    _ => None,
                };
                if let Some(end) = empty_end {
                    self.queue.push(end);
                }
                return Ok(Some(match self.take_text() {
                    Some(text) => {
                        self.queue.push(event);
                        text
                    }
                    None => event,
                }));
            }
        }
    }

    /// Hands the text before the release position back once `end` passes it.
    fn release_before(&mut self, end: usize) {
        if end >= self.next_release
            && let Some(release) = self.release
        {
            release(end);
            self.next_release = end + mapped::WINDOW;
        }
    }

    /// Where quick-xml, about to read text, would give the text up to the
    /// next `<` or `&` as an event: takes it as a slice of the document
    /// instead (quick-xml checks its bytes as UTF-8 again, a cost of every
    /// text however short) and moves quick-xml past it, which then finds
    /// the markup or reference at once. `start` is quick-xml's position.
    /// Whether text was taken; text running to the end of the input, or a
    /// reader not yet past its first event (a byte order mark), is left to
    /// quick-xml.
    fn text_before_markup(&mut self, start: usize) -> Result<bool, Box<Diagnostic>> {
        let at = self.text.len() - self.reader.get_ref().len();
        let rest = &self.text.as_bytes()[at..];
        let Some(length) = memchr::memchr2(b'<', b'&', rest).filter(|&length| length > 0) else {
            return Ok(false);
        };
        // `at` follows quick-xml's last event (a `>` or `;`) and `at +
        // length` is a `<` or `&`: both are character boundaries, so this
        // never fails; `get` only checks them.
        let Some(raw) = self.text.get(at..at + length) else {
            return Ok(false);
        };
        self.reader.stream().consume(length);
        self.at_text = false;
        let end = self.byte_position();
        self.release_before(end);
        // What quick-xml's `Event::Text` gives: the line ends normalised
        // (only a text holding a carriage return has any to normalise).
        let content = if self.no_carriage_return(at, at + length) {
            Cow::Borrowed(raw)
        } else {
            quick_xml::events::BytesText::from_escaped(raw).xml10_content()
        };
        self.push_text(content, Span::new(start, end))?;
        Ok(true)
    }

    /// Whether `text[from..to]` holds no carriage return. Texts are asked
    /// about in the order of the document: the search runs ahead of them by
    /// [`CR_LOOKAHEAD`] bytes at a time (not to the end of a mapped file,
    /// which would bring all of it in), so most texts cost a comparison
    /// rather than a search of their own.
    fn no_carriage_return(&mut self, from: usize, to: usize) -> bool {
        if to <= self.no_cr_before {
            return true;
        }
        let scan_from = from.max(self.no_cr_before);
        let scan_to = to.saturating_add(CR_LOOKAHEAD).min(self.text.len());
        let Some(ahead) = self.text.as_bytes().get(scan_from..scan_to) else {
            return false;
        };
        match memchr::memchr(b'\r', ahead) {
            Some(at) => {
                self.no_cr_before = scan_from + at;
                scan_from + at >= to
            }
            None => {
                self.no_cr_before = scan_to;
                true
            }
        }
    }

    fn take_text(&mut self) -> Option<EventRef<'a>> {
        let (text, span) = self.text_run.take()?;
        Some(EventRef::Text { text, span })
    }

    fn push_text(&mut self, content: Cow<'a, str>, span: Span) -> Result<(), Box<Diagnostic>> {
        if self.scope.depth() == 0 {
            if content.trim_matches([' ', '\t', '\n', '\r']).is_empty() {
                return Ok(());
            }
            return Err(malformed(span, "text outside the root element"));
        }
        self.text_run = Some(match self.text_run.take() {
            Some((run, run_span)) => {
                let mut run = run.into_owned();
                run.push_str(&content);
                (Cow::Owned(run), run_span.join(span))
            }
            None => (content, span),
        });
        Ok(())
    }

    fn reference(
        &mut self,
        reference: &quick_xml::events::BytesRef<'_>,
        span: Span,
    ) -> Result<String, Box<Diagnostic>> {
        if reference.is_char_ref() {
            return match reference.resolve_char_ref() {
                Ok(Some(c)) if chars::is_xml_char(c) => Ok(c.to_string()),
                Ok(Some(c)) => Err(malformed(
                    span,
                    format!(
                        "character reference to U+{:04X}, which is not allowed in XML",
                        u32::from(c)
                    ),
                )),
                _ => Err(malformed(span, "invalid character reference")),
            };
        }
        let name = reference.as_ref().to_string();
        let replacement = self
            .entities
            .resolve(&name)
            .map_err(|m| entity_error(span, m))?;
        self.expanded += replacement.len();
        if self.expanded > MAX_ENTITY_EXPANSION {
            return Err(entity_error(
                span,
                "entity expansion exceeds the limit (1 MiB); refusing to expand further",
            ));
        }
        Ok(replacement)
    }

    fn start(
        &mut self,
        tag: &BytesStart<'_>,
        span: Span,
        empty: bool,
    ) -> Result<TagRef<'a>, Box<Diagnostic>> {
        if self.scope.depth() >= MAX_DEPTH {
            return Err(Box::new(
                Diagnostic::error(
                    codes::TOO_DEEP,
                    span,
                    format!("elements nested deeper than {MAX_DEPTH} levels"),
                )
                .with_label("too deep here")
                .with_help("flatten the markup; no TEI edition needs this depth"),
            ));
        }
        if self.scope.depth() == 0 && self.root_seen {
            return Err(malformed(span, "a second root element"));
        }
        self.root_seen = true;
        let text: &'a str = self.text;
        let raw_tag = text.get(span.start..span.end).unwrap_or("");
        if self.defer_attributes && attributes::deferrable(raw_tag) {
            let name = self.written_name(tag.name().as_ref(), span);
            // An undeclared prefix is reported after the attributes' own
            // errors, as below.
            if name.prefix().is_empty() || self.scope.namespace_of(name.prefix()).is_some() {
                // The consumer reads the attributes (`attributes::Deferred`);
                // the tag declares nothing, so the scope here is complete.
                self.scope.enter(std::iter::empty::<(String, Arc<str>)>());
                return Ok(TagRef {
                    name,
                    attributes: Vec::new(),
                    declared: Vec::new(),
                    span,
                    empty,
                });
            }
        }
        // Kept between tags: a start tag allocates only its attribute list
        // (names and values borrow from the document).
        let mut keys = std::mem::take(&mut self.key_buffer);
        let read = attributes::read(
            text,
            tag,
            span,
            &self.entities,
            &mut self.expanded,
            &mut keys,
        );
        self.key_buffer = keys;
        let read = read?;
        self.scope.enter(
            read.declared
                .iter()
                .map(|(p, u)| (p.clone(), Arc::<str>::from(u.as_str()))),
        );
        let name = self.element_name(tag.name().as_ref(), span)?;
        attributes::check_namespaces(&read.attributes, read.prefixed, &self.scope)?;
        Ok(TagRef {
            name,
            attributes: read.attributes,
            declared: read.declared,
            span,
            empty,
        })
    }

    /// The element's name as a slice of the document, its prefix declared.
    fn element_name(&self, qname: &str, span: Span) -> Result<NameRef<'a>, Box<Diagnostic>> {
        let name = self.written_name(qname, span);
        let prefix = name.prefix();
        if !prefix.is_empty() && self.namespace_of(prefix).is_none() {
            return Err(malformed(
                span,
                format!("namespace prefix `{prefix}` is not declared"),
            ));
        }
        Ok(name)
    }

    /// The element's name `qname` of the tag at `span`, as a slice of the
    /// document (it follows the `<` at once).
    fn written_name(&self, qname: &str, span: Span) -> NameRef<'a> {
        // quick-xml's name is that very slice: the same address, no need to
        // compare the bytes.
        let written: Cow<'a, str> =
            match self.text.get(span.start + 1..span.start + 1 + qname.len()) {
                Some(written) if std::ptr::eq(written, qname) || written == qname => {
                    Cow::Borrowed(written)
                }
                _ => Cow::Owned(qname.to_string()),
            };
        NameRef::new(written)
    }
}

/// An owned name from a borrowed one, in `namespace`.
fn owned_name(name: NameRef<'_>, namespace: Option<Arc<str>>) -> Name {
    Name {
        namespace,
        local: name.local().to_string(),
        qname: name.qname.into_owned(),
    }
}

impl<'a> Iterator for XmlReader<'a> {
    type Item = Result<XmlEvent<'a>, Box<Diagnostic>>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_event()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a whole document; Ok(events rendered compactly) or Err(code).
    fn read(text: &str) -> Result<Vec<String>, &'static str> {
        let mut out = Vec::new();
        for event in XmlReader::new(text) {
            match event.map_err(|d| d.code)? {
                XmlEvent::Start(tag) => out.push(format!(
                    "<{}{}>",
                    tag.name.local,
                    tag.attributes
                        .iter()
                        .map(|a| format!(
                            " {}={}@{}",
                            a.name.local,
                            a.value,
                            &text[a.span.start..a.span.end]
                        ))
                        .collect::<String>()
                )),
                XmlEvent::End { .. } => out.push("/".into()),
                XmlEvent::Text { text, .. } => out.push(format!("{text:?}")),
                XmlEvent::Pi { target, .. } => out.push(format!("?{target}")),
            }
        }
        Ok(out)
    }

    fn check(input: &str, expect: Result<&str, &'static str>) {
        let got = read(input).map(|events| events.join(" "));
        assert_eq!(got.as_deref().map_err(|e| *e), expect, "{input}");
    }

    #[test]
    fn events_with_spans_and_merged_text() {
        check(
            r#"<?xml-model href="x"?><r a='1'>x &amp; <![CDATA[<y>]]><e/>z</r>"#,
            Ok(r#"?xml-model <r a=1@a='1'> "x & <y>" <e> / "z" /"#),
        );
        check("<r>&#x41;&#66;</r>", Ok(r#"<r> "AB" /"#));
    }

    #[test]
    fn line_ends_normalised_near_and_far_past_the_lookahead() {
        // Carriage returns at once, beyond the first look ahead, and after
        // a long stretch without any, in texts split by references.
        let filler = "<a>x</a>".repeat(CR_LOOKAHEAD / 4);
        let text = format!("<r>p\r\nq{filler}<b>s\rt&amp;u\r\n</b>{filler}<c>v\r</c></r>");
        let events = read(&text).unwrap();
        let texts: Vec<&String> = events
            .iter()
            .filter(|e| !e.starts_with(['<', '/']))
            .collect();
        assert_eq!(texts.first().map(|t| t.as_str()), Some(r#""p\nq""#));
        assert!(texts.contains(&&r#""s\nt&u\n""#.to_string()), "{texts:?}");
        assert_eq!(texts.last().map(|t| t.as_str()), Some(r#""v\n""#));
        assert_eq!(
            texts.iter().filter(|t| t.as_str() == r#""x""#).count(),
            2 * CR_LOOKAHEAD / 4
        );
    }

    #[test]
    fn well_formedness() {
        check("<r>\u{1}</r>", Err(codes::NOT_WELL_FORMED));
        check("<r>&#xFFFE;</r>", Err(codes::NOT_WELL_FORMED));
        check("<r a='&#1;'/>", Err(codes::NOT_WELL_FORMED));
        check("<r a='1' a='2'/>", Err(codes::NOT_WELL_FORMED));
        check(
            "<r xmlns:p='u' xmlns:q='u' p:a='1' q:a='2'/>",
            Err(codes::NOT_WELL_FORMED),
        );
        check("<r><a></b></r>", Err(codes::NOT_WELL_FORMED));
        check("<r/><s/>", Err(codes::NOT_WELL_FORMED));
        check("<p:r/>", Err(codes::NOT_WELL_FORMED));
        check("x<r/>", Err(codes::NOT_WELL_FORMED));
        check("<r>", Err(codes::NOT_WELL_FORMED));
        check("", Err(codes::NOT_WELL_FORMED));
        check(&"<a>".repeat(10_000), Err(codes::TOO_DEEP));
    }

    #[test]
    fn entities() {
        check(
            "<!DOCTYPE r [<!ENTITY me \"Yuri\">]><r>&me;</r>",
            Ok(r#"<r> "Yuri" /"#),
        );
        check(
            "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>",
            Err(codes::ENTITY),
        );
        check("<r>&nope;</r>", Err(codes::ENTITY));
        let mut bomb = String::from("<!DOCTYPE r [<!ENTITY l0 \"ha\">");
        for i in 1..10 {
            let prev = format!("&l{};", i - 1).repeat(10);
            bomb.push_str(&format!("<!ENTITY l{i} \"{prev}\">"));
        }
        bomb.push_str("]><r>&l9;</r>");
        check(&bomb, Err(codes::ENTITY));
    }

    #[test]
    fn many_attributes_in_linear_time() {
        let attributes: String = (0..200_000).map(|i| format!(" a{i}='v'")).collect();
        let text = format!("<r{attributes}/>");
        let events = read(&text).unwrap();
        assert_eq!(events.len(), 2);
        let duplicate = format!("<r{attributes} a7='x'/>");
        assert_eq!(read(&duplicate).unwrap_err(), codes::NOT_WELL_FORMED);
    }

    #[test]
    fn namespaces_scope() {
        let text = r#"<r xmlns="d" xmlns:p="u"><p:a p:x="1"/><b/></r>"#;
        let mut reader = XmlReader::new(text);
        let mut names = Vec::new();
        while let Some(event) = reader.next_event() {
            if let XmlEvent::Start(tag) = event.unwrap() {
                names.push((
                    tag.name.namespace.as_deref().map(str::to_string),
                    tag.name.local.clone(),
                ));
                if let Some(a) = tag.attributes.first() {
                    assert_eq!(a.name.namespace.as_deref(), Some("u"));
                }
            }
        }
        assert_eq!(
            names,
            vec![
                (Some("d".into()), "r".into()),
                (Some("u".into()), "a".into()),
                (Some("d".into()), "b".into())
            ]
        );
    }
}
