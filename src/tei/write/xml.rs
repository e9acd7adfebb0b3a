//! The low-level half of the TEI writer: tags with attributes in §2.4's order,
//! and an event writer that knows the difference between a container (children on
//! their own lines) and a one-line element.

use std::borrow::Cow;
use std::io;

use quick_xml::Writer;
use quick_xml::escape::{escape, partial_escape};
use quick_xml::events::{BytesDecl, BytesEnd, BytesPI, BytesStart, BytesText, Event};

/// The attribute order of docs/encoding.md §2.4; attributes it does not name
/// (`xmlns`, `xml:lang`, `target` of a licence…) keep the order they were given
/// in, after the named ones.
const ATTRIBUTE_ORDER: [&str; 19] = [
    "type",
    "subtype",
    "n",
    "xml:id",
    "cert",
    "who",
    "unit",
    "from",
    "to",
    "when",
    "notBefore",
    "notAfter",
    "reason",
    "place",
    "ref",
    "resp",
    "rend",
    "ana",
    "target",
];

fn attribute_rank(key: &str) -> usize {
    ATTRIBUTE_ORDER
        .iter()
        .position(|k| *k == key)
        .unwrap_or(ATTRIBUTE_ORDER.len())
}

/// An element name and its attributes, written in §2.4's order.
#[derive(Debug, Clone)]
pub(crate) struct Tag<'a> {
    name: Cow<'a, str>,
    attributes: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// Markup kept as it was read keeps its attribute order too.
    as_is: bool,
}

impl<'a> Tag<'a> {
    pub(crate) fn new(name: impl Into<Cow<'a, str>>) -> Self {
        Tag {
            name: name.into(),
            attributes: Vec::new(),
            as_is: false,
        }
    }

    /// Markup teikit has no model for: name and attributes exactly as given.
    /// Attribute names that are not XML names are left out, since they cannot
    /// be written as well-formed XML.
    pub(crate) fn as_is(name: &'a str, attributes: &'a [(String, String)]) -> Self {
        Tag {
            name: Cow::Borrowed(name),
            attributes: attributes
                .iter()
                .filter(|(k, _)| is_xml_name(k))
                .map(|(k, v)| (Cow::Borrowed(k.as_str()), Cow::Borrowed(v.as_str())))
                .collect(),
            as_is: true,
        }
    }

    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// Adds an attribute; an empty value is left out (no TEI attribute teikit
    /// writes may be empty).
    pub(crate) fn attr(mut self, key: &'a str, value: impl Into<Cow<'a, str>>) -> Self {
        let value = value.into();
        if !value.is_empty() {
            self.attributes.push((Cow::Borrowed(key), value));
        }
        self
    }

    pub(crate) fn opt<V: Into<Cow<'a, str>>>(self, key: &'a str, value: Option<V>) -> Self {
        match value {
            Some(v) => self.attr(key, v),
            None => self,
        }
    }

    /// Adds `key="value"` only when `flag` holds.
    pub(crate) fn flag(self, key: &'a str, value: &'a str, flag: bool) -> Self {
        if flag { self.attr(key, value) } else { self }
    }

    fn start(&self) -> BytesStart<'_> {
        let mut attributes: Vec<_> = self.attributes.iter().collect();
        if !self.as_is {
            // Stable: attributes of the same rank keep the order they were given in.
            attributes.sort_by_key(|(k, _)| attribute_rank(k));
        }
        let mut start = BytesStart::new(self.name.as_ref());
        for (key, value) in attributes {
            start.push_attribute((key.as_ref(), xml_chars(value).as_ref()));
        }
        start
    }
}

/// `text` with every character XML 1.0 cannot hold (control characters other
/// than tab, LF and CR; U+FFFE, U+FFFF) replaced by U+FFFD, so that any model
/// gives a well-formed file.
pub(crate) fn xml_chars(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
            .collect(),
    )
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether `name` can be written as an element or attribute name: a letter or
/// `_` first, then letters, digits, `_`, `-`, `.`, `:`.
pub(crate) fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
}

/// The event writer with §2.4's layout.
pub(crate) struct Out<'s> {
    xml: Writer<Vec<u8>>,
    /// Nesting depth of open containers: the indentation of the next line.
    depth: usize,
    /// Where [`Out::drain`] moves what was written so far, so a large file
    /// is never held whole; none to keep everything for [`Out::into_bytes`].
    sink: Option<&'s mut dyn io::Write>,
}

impl<'s> Out<'s> {
    pub(crate) fn new() -> Self {
        Out {
            xml: Writer::new(Vec::new()),
            depth: 0,
            sink: None,
        }
    }

    /// An event writer that passes its bytes on to `sink` at each [`Out::drain`].
    pub(crate) fn to_sink(sink: &'s mut dyn io::Write) -> Self {
        Out {
            sink: Some(sink),
            ..Out::new()
        }
    }

    /// The writer with its next line `depth` containers deep (a part of a
    /// file written alone, in its place).
    pub(crate) fn at_depth(mut self, depth: usize) -> Self {
        self.depth = depth;
        self
    }

    /// The sink, for bytes written elsewhere (after a [`Out::drain`]).
    pub(crate) fn sink(&mut self) -> Option<&mut dyn io::Write> {
        match &mut self.sink {
            Some(sink) => Some(&mut **sink),
            None => None,
        }
    }

    /// Moves the bytes written so far to the sink (nothing without one).
    pub(crate) fn drain(&mut self) -> io::Result<()> {
        if let Some(sink) = self.sink.as_mut() {
            sink.write_all(self.xml.get_ref())?;
            self.xml.get_mut().clear();
        }
        Ok(())
    }

    pub(crate) fn declaration(&mut self) -> io::Result<()> {
        self.xml
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
    }

    /// `<?xml-model href="…" type="application/xml" schematypens="…RELAX NG"?>`.
    pub(crate) fn xml_model(&mut self, href: &str) -> io::Result<()> {
        let content = format!(
            "xml-model href=\"{}\" type=\"application/xml\" schematypens=\"http://relaxng.org/ns/structure/1.0\"",
            escape(href)
        );
        self.raw("\n")?;
        self.xml.write_event(Event::PI(BytesPI::new(content)))
    }

    /// The final newline; the bytes not yet drained to a sink.
    pub(crate) fn into_bytes(mut self) -> io::Result<Vec<u8>> {
        self.raw("\n")?;
        self.drain()?;
        Ok(self.xml.into_inner())
    }

    /// Whitespace that is layout, never content.
    fn raw(&mut self, layout: &str) -> io::Result<()> {
        self.xml
            .write_event(Event::Text(BytesText::from_escaped(layout)))
    }

    /// Starts a new line at the current depth.
    pub(crate) fn newline(&mut self) -> io::Result<()> {
        let layout = format!("\n{}", "  ".repeat(self.depth));
        self.raw(&layout)
    }

    /// Opens a container on its own line; its children go one level deeper.
    pub(crate) fn open(&mut self, tag: Tag<'_>) -> io::Result<()> {
        self.newline()?;
        self.start(&tag)?;
        self.depth += 1;
        Ok(())
    }

    /// Closes a container on its own line.
    pub(crate) fn close(&mut self, name: &str) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        self.newline()?;
        self.end(name)
    }

    pub(crate) fn start(&mut self, tag: &Tag<'_>) -> io::Result<()> {
        self.xml.write_event(Event::Start(tag.start()))
    }

    pub(crate) fn end(&mut self, name: &str) -> io::Result<()> {
        self.xml.write_event(Event::End(BytesEnd::new(name)))
    }

    pub(crate) fn empty(&mut self, tag: &Tag<'_>) -> io::Result<()> {
        self.xml.write_event(Event::Empty(tag.start()))
    }

    /// Text content: `&`, `<` and `>` escaped, quotation marks kept.
    pub(crate) fn text(&mut self, text: &str) -> io::Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        let text = xml_chars(text);
        self.xml
            .write_event(Event::Text(BytesText::from_escaped(partial_escape(text))))
    }

    /// `<name attrs>text</name>` in place (`<name attrs/>` for no text).
    pub(crate) fn text_element(&mut self, tag: Tag<'_>, text: &str) -> io::Result<()> {
        if text.is_empty() {
            return self.empty(&tag);
        }
        self.start(&tag)?;
        self.text(text)?;
        self.end(tag.name())
    }

    /// A one-line element holding only text, on its own line.
    pub(crate) fn text_line(&mut self, tag: Tag<'_>, text: &str) -> io::Result<()> {
        self.newline()?;
        self.text_element(tag, text)
    }
}
