//! Validating a document as it streams past: one pattern per open element
//! (the derivative so far), no document tree. At an error the message names
//! what the derivative allows at that point, and validation recovers as
//! jing does, so that one mistake gives one error: a misplaced element is
//! skipped whole, a bad attribute is ignored (or taken as if valid), missing
//! attributes and content are forgiven once reported.

use super::derive::{Engine, is_whitespace};
use super::expected::{Expected, IdType};
use super::ids::IdSet;
use super::pattern::{NOT_ALLOWED, Pat, PatId};
use super::pipe::{self, Events};
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use crate::validate::codes;
use crate::xml::Scope;
use std::borrow::Cow;

use crate::xml::{AttributeRef, EventRef, TagRef, XML_NS, XmlEvent, XmlReader};

struct Frame<'a> {
    /// As written (borrowed from the document).
    qname: Cow<'a, str>,
    span: Span,
    /// Text or a child element was seen (otherwise the content is "").
    had_content: bool,
}

/// Validates the events of `reader`, `first` (if any) before them. A large
/// document is read on a second thread ([`pipe`]); the diagnostics are the
/// same either way.
pub fn validate<'a>(
    engine: &mut Engine,
    reader: &mut XmlReader<'a>,
    first: Option<XmlEvent<'a>>,
) -> Vec<Diagnostic> {
    let text = reader.text();
    if text.len() >= pipe::MIN_PIPELINED_BYTES {
        pipe::pipelined(reader, |events| {
            validate_events(engine, text, events, first)
        })
    } else {
        validate_events(engine, text, reader, first)
    }
}

/// As [`validate`]; `observer` is given every event of the stream, in
/// document order, as the validator takes it (the Schematron tree is built
/// from them, so the file is read once for both). Without an observer,
/// [`validate`] costs nothing for this.
pub fn validate_observed<'a>(
    engine: &mut Engine,
    reader: &mut XmlReader<'a>,
    first: Option<XmlEvent<'a>>,
    observer: &mut dyn FnMut(&EventRef<'a>),
) -> Vec<Diagnostic> {
    let text = reader.text();
    let first = first.map(EventRef::from);
    let run = |events: &mut dyn Events<'a>| {
        let mut observed = Observed {
            events,
            first,
            observer,
        };
        validate_events(engine, text, &mut observed, None)
    };
    if text.len() >= pipe::MIN_PIPELINED_BYTES {
        pipe::pipelined(reader, run)
    } else {
        run(reader)
    }
}

/// The events of a stream (after `first`), each shown to `observer` on
/// its way to the validator.
struct Observed<'o, 'a> {
    events: &'o mut dyn Events<'a>,
    first: Option<EventRef<'a>>,
    observer: &'o mut dyn FnMut(&EventRef<'a>),
}

impl<'a> Events<'a> for Observed<'_, 'a> {
    fn next_item(&mut self) -> Option<pipe::Item<'a>> {
        let item = match self.first.take() {
            Some(event) => Ok(event),
            None => self.events.next_item()?,
        };
        if let Ok(event) = &item {
            (self.observer)(event);
        }
        Some(item)
    }
}

/// Validates `events` (`first`, if any, before them) of the document `text`.
fn validate_events<'a>(
    engine: &mut Engine,
    text: &'a str,
    events: &mut dyn Events<'a>,
    first: Option<XmlEvent<'a>>,
) -> Vec<Diagnostic> {
    let mut state = State {
        engine,
        current: 0,
        stack: Vec::new(),
        skip: 0,
        out: Vec::new(),
        ids: IdSet::new(text),
        idrefs: Vec::new(),
        pending: None,
        scope: Scope::default(),
        leaves: Vec::new(),
    };
    state.current = state.engine.start;
    let mut next = first.map(EventRef::from);
    loop {
        let event = match next.take() {
            Some(event) => event,
            None => match events.next_item() {
                Some(Ok(event)) => event,
                Some(Err(diagnostic)) => {
                    // A well-formedness error ends the stream; it alone is reported.
                    return vec![*diagnostic];
                }
                None => break,
            },
        };
        match event {
            EventRef::Start(mut tag) => {
                state.flush_text();
                // The element's own declarations are in scope for its name
                // and attributes.
                state.scope.enter(std::mem::take(&mut tag.declared));
                state.start(tag);
            }
            EventRef::End { .. } => {
                state.flush_text();
                state.end();
                state.scope.leave();
            }
            // Text runs split by processing instructions are one text to RELAX NG.
            EventRef::Text { text, span } => match &mut state.pending {
                Some((pending, pending_span)) => {
                    pending.to_mut().push_str(&text);
                    *pending_span = pending_span.join(span);
                }
                None => state.pending = Some((text, span)),
            },
            EventRef::Pi { .. } => {}
        }
    }
    state.check_idrefs();
    state.out
}

struct State<'e, 'a> {
    engine: &'e mut Engine,
    current: PatId,
    stack: Vec<Frame<'a>>,
    /// Depth inside a skipped (misplaced) element.
    skip: usize,
    out: Vec<Diagnostic>,
    ids: IdSet<'a>,
    idrefs: Vec<(String, Span)>,
    /// Text not yet matched (it may continue after a processing instruction).
    pending: Option<(std::borrow::Cow<'a, str>, Span)>,
    /// Namespace bindings at the current event.
    scope: Scope,
    /// The attribute patterns of the attribute in hand (kept between them).
    leaves: Vec<PatId>,
}

impl<'a> State<'_, 'a> {
    fn flush_text(&mut self) {
        if let Some((text, span)) = self.pending.take() {
            self.text(&text, span);
        }
    }

    fn parent_phrase(&self) -> String {
        match self.stack.last() {
            Some(frame) => format!(" (in <{}>)", frame.qname),
            None => String::new(),
        }
    }

    fn start(&mut self, tag: TagRef<'a>) {
        if self.skip > 0 {
            self.skip += 1;
            return;
        }
        if let Some(frame) = self.stack.last_mut() {
            frame.had_content = true;
        }
        let name = self.engine.name_id_shared(
            self.scope.element_namespace(tag.name.prefix()),
            tag.name.local(),
        );
        let mut p = self.engine.start_tag_open(self.current, name);
        if p == NOT_ALLOWED {
            let expected = self.engine.expected(self.current);
            let listed = describe(&expected, &self.scope);
            let message = format!(
                "element <{}> not allowed {}{}",
                tag.name.qname,
                if self.engine.names_element(name) {
                    "here"
                } else {
                    "anywhere"
                },
                self.parent_phrase()
            );
            self.out.push(
                Diagnostic::error(codes::UNEXPECTED_ELEMENT, tag.span, message)
                    .with_label("not allowed here")
                    .with_help(format!("expected {}", join_expected(&listed)))
                    .with_expected(listed),
            );
            self.skip = 1;
            return;
        }
        let mut leaves = std::mem::take(&mut self.leaves);
        for attribute in &tag.attributes {
            let aname = self.engine.name_id_shared(
                self.scope.attribute_namespace(attribute.name.prefix()),
                attribute.name.local(),
            );
            self.engine.attribute_leaves(p, aname, &mut leaves);
            let shown = attribute_display(&attribute.name.qname);
            if leaves.is_empty() {
                let allowed: Vec<String> = self
                    .engine
                    .allowed_attributes(p)
                    .iter()
                    .map(|(ns, local)| display_name(ns, local, &self.scope, true))
                    .collect();
                self.out.push(
                    Diagnostic::error(
                        codes::UNEXPECTED_ATTRIBUTE,
                        attribute.span,
                        format!(
                            "attribute {shown} not allowed on <{}>{}",
                            tag.name.qname,
                            self.parent_phrase()
                        ),
                    )
                    .with_label("not allowed here")
                    .with_help(if allowed.is_empty() {
                        format!("<{}> allows no (further) attributes", tag.name.qname)
                    } else {
                        format!("<{}> allows: {}", tag.name.qname, summarize(&allowed))
                    })
                    .with_expected(allowed),
                );
                continue;
            }
            let mut accepted = 0u64;
            for (i, &leaf) in leaves.iter().enumerate() {
                if i < 64
                    && self
                        .engine
                        .attribute_value_matches(leaf, &attribute.value, &self.scope)
                {
                    accepted |= 1 << i;
                }
            }
            let mut next = self.engine.attribute(p, aname, &leaves, accepted);
            if next == NOT_ALLOWED {
                let all = if leaves.len() >= 64 {
                    u64::MAX
                } else {
                    (1u64 << leaves.len()) - 1
                };
                if accepted != all {
                    let (values, types) = leaves
                        .iter()
                        .map(|&l| self.engine.attribute_values(l))
                        .fold((Vec::new(), Vec::new()), |(mut v, mut t), (v2, t2)| {
                            v.extend(v2);
                            t.extend(t2);
                            (v, t)
                        });
                    let expected = if !values.is_empty() {
                        format!("one of: {}", summarize(&values))
                    } else if !types.is_empty() {
                        format!("a {}", types.join(" or "))
                    } else {
                        "a value the schema allows".to_string()
                    };
                    self.out.push(
                        Diagnostic::error(
                            codes::INVALID_VALUE,
                            attribute.span,
                            format!(
                                "invalid value \"{}\" for attribute {shown} of <{}>{}",
                                attribute.value,
                                tag.name.qname,
                                self.parent_phrase()
                            ),
                        )
                        .with_label("bad value")
                        .with_help(format!("expected {expected}"))
                        .with_expected(values),
                    );
                    next = self.engine.attribute(p, aname, &leaves, all);
                }
                if next == NOT_ALLOWED {
                    if accepted == all {
                        self.out.push(
                            Diagnostic::error(
                                codes::UNEXPECTED_ATTRIBUTE,
                                attribute.span,
                                format!(
                                    "attribute {shown} not allowed on <{}> together with the others{}",
                                    tag.name.qname,
                                    self.parent_phrase()
                                ),
                            )
                            .with_label("not allowed here"),
                        );
                    }
                    continue;
                }
            }
            for (i, &leaf) in leaves.iter().enumerate() {
                if i < 64 && accepted & (1 << i) != 0 {
                    self.record_id(leaf, attribute, &tag.name.qname);
                }
            }
            p = next;
        }
        self.leaves = leaves;
        let mut closed = self.engine.start_tag_close(p);
        if closed == NOT_ALLOWED {
            let missing: Vec<String> = self
                .engine
                .required_attributes(p)
                .iter()
                .map(|(ns, local)| display_name(ns, local, &self.scope, true))
                .collect();
            let message = if missing.is_empty() {
                format!(
                    "element <{}> lacks a required attribute{}",
                    tag.name.qname,
                    self.parent_phrase()
                )
            } else {
                format!(
                    "element <{}> missing required attribute {}{}",
                    tag.name.qname,
                    missing.join(", "),
                    self.parent_phrase()
                )
            };
            self.out.push(
                Diagnostic::error(codes::MISSING_ATTRIBUTE, tag.span, message)
                    .with_label("incomplete")
                    .with_help(format!("add attribute {}", missing.join(", ")))
                    .with_expected(missing),
            );
            closed = self.engine.start_tag_close_forgiving(p);
        }
        self.current = closed;
        let TagRef { name, span, .. } = tag;
        self.stack.push(Frame {
            qname: name.qname,
            span,
            had_content: false,
        });
    }

    fn record_id(&mut self, leaf: PatId, attribute: &AttributeRef<'_>, element: &str) {
        match self.engine.id_type(leaf) {
            Some(IdType::Id) => {
                let value = attribute.value.trim();
                if let Some(first) = self.ids.insert(value, attribute.span) {
                    self.out.push(
                        Diagnostic::error(
                            codes::DUPLICATE_ID,
                            attribute.span,
                            format!("duplicate ID \"{value}\" (on <{element}>)"),
                        )
                        .with_label("second use")
                        .with_secondary(first, "first use")
                        .with_help("give each element a distinct xml:id"),
                    );
                }
            }
            Some(IdType::IdRef) => self
                .idrefs
                .push((attribute.value.trim().to_string(), attribute.span)),
            Some(IdType::IdRefs) => {
                for token in attribute.value.split_ascii_whitespace() {
                    self.idrefs.push((token.to_string(), attribute.span));
                }
            }
            None => {}
        }
    }

    fn check_idrefs(&mut self) {
        for (value, span) in std::mem::take(&mut self.idrefs) {
            if !self.ids.contains(&value) {
                self.out.push(
                    Diagnostic::error(
                        codes::DANGLING_IDREF,
                        span,
                        format!("IDREF \"{value}\" names no ID in this document"),
                    )
                    .with_label("no such ID")
                    .with_help("point at an xml:id that exists, or add it"),
                );
            }
        }
    }

    fn text(&mut self, text: &str, span: Span) {
        if self.skip > 0 {
            return;
        }
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        frame.had_content = true;
        if is_whitespace(text) {
            self.current = self.engine.whitespace(self.current, text, &self.scope);
            return;
        }
        let derived = self.engine.text(self.current, text, &self.scope);
        if derived != NOT_ALLOWED {
            self.current = derived;
            return;
        }
        let expected = self.engine.expected(self.current);
        let element = self
            .stack
            .last()
            .map(|f| f.qname.to_string())
            .unwrap_or_default();
        let diagnostic = if expected.text {
            Diagnostic::error(
                codes::INVALID_VALUE,
                span,
                format!("invalid text content of <{element}>"),
            )
            .with_label("bad value")
            .with_help(format!("expected {}", self.datatypes_of(self.current)))
        } else {
            let listed = describe(&expected, &self.scope);
            Diagnostic::error(
                codes::UNEXPECTED_TEXT,
                span,
                format!("text not allowed in <{element}>"),
            )
            .with_label("text not allowed here")
            .with_help(format!(
                "move the text into a child element; expected {}",
                join_expected(&listed)
            ))
            .with_expected(listed)
        };
        self.out.push(diagnostic);
    }

    /// Data types and values the content `p` accepts as text (for a message).
    fn datatypes_of(&self, p: PatId) -> String {
        let mut values = Vec::new();
        let mut types = Vec::new();
        let mut stack = vec![p];
        let mut seen = rustc_hash::FxHashSet::default();
        while let Some(q) = stack.pop() {
            if !seen.insert(q) {
                continue;
            }
            match self.engine.store.get(q) {
                Pat::Choice(a, b) | Pat::Group(a, b) | Pat::Interleave(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Pat::After(a, _) | Pat::OneOrMore(a) | Pat::List(a) => stack.push(a),
                Pat::Value(v) => values.push(self.engine.store.values[v as usize].value.clone()),
                Pat::Data(dt, _) => {
                    types.push(self.engine.store.datatypes[dt as usize].name().to_string())
                }
                _ => {}
            }
        }
        if !values.is_empty() {
            format!("one of: {}", summarize(&values))
        } else if !types.is_empty() {
            types.sort();
            types.dedup();
            format!("a {}", types.join(" or "))
        } else {
            "other text".to_string()
        }
    }

    fn end(&mut self) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        let Some(frame) = self.stack.pop() else {
            return;
        };
        if !frame.had_content {
            self.current = self.engine.whitespace(self.current, "", &self.scope);
        }
        let next = self.engine.end_tag(self.current);
        if next != NOT_ALLOWED {
            self.current = next;
            return;
        }
        let expected = self.engine.expected(self.current);
        let listed = describe(&expected, &self.scope);
        let within = match self.stack.last() {
            Some(parent) => format!(" (in <{}>)", parent.qname),
            None => String::new(),
        };
        self.out.push(
            Diagnostic::error(
                codes::INCOMPLETE_ELEMENT,
                frame.span,
                format!(
                    "element <{}> is incomplete{within}: required content missing",
                    frame.qname
                ),
            )
            .with_label("incomplete")
            .with_help(format!(
                "<{}> still needs {}",
                frame.qname,
                join_expected(&listed)
            ))
            .with_expected(listed),
        );
        self.current = self.engine.end_tag_forgiving(self.current);
    }
}

/// The expected set as names the document would write, then `text` and
/// `end-tag` when they are allowed.
fn describe(expected: &Expected, scope: &Scope) -> Vec<String> {
    let mut out: Vec<String> = expected
        .elements
        .iter()
        .map(|(ns, local)| display_name(ns, local, scope, false))
        .collect();
    out.sort();
    out.dedup();
    if expected.any_element {
        out.push("any element".to_string());
    }
    if expected.text {
        out.push("text".to_string());
    }
    if expected.end_tag {
        out.push("end-tag".to_string());
    }
    out
}

/// jing's phrasing: `element "ab", "p" or "publisher"`, `the end-tag`.
fn join_expected(items: &[String]) -> String {
    if items.is_empty() {
        return "nothing more here".to_string();
    }
    let mut names: Vec<String> = Vec::new();
    let mut extra: Vec<&str> = Vec::new();
    for item in items {
        match item.as_str() {
            "text" => extra.push("text"),
            "end-tag" => extra.push("the end-tag"),
            "any element" => extra.push("any element"),
            _ => names.push(format!("\"{item}\"")),
        }
    }
    // A terminal shows a dozen; `--format json` lists them all.
    const SHOWN: usize = 12;
    let hidden = names.len().saturating_sub(SHOWN);
    names.truncate(SHOWN);
    if hidden > 0 {
        names.push(format!("{hidden} more"));
    }
    let mut parts: Vec<String> = Vec::new();
    if !names.is_empty() {
        parts.push(format!("element {}", or_list(&names)));
    }
    parts.extend(extra.into_iter().map(str::to_string));
    or_list(&parts)
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// A name as the document would write it: unprefixed in the default
/// namespace (elements), with a prefix bound in the document, else `{ns}`.
fn display_name(ns: &str, local: &str, scope: &Scope, attribute: bool) -> String {
    if ns.is_empty() {
        return local.to_string();
    }
    if ns == XML_NS {
        return format!("xml:{local}");
    }
    if !attribute && scope.resolve_prefix("") == Some(ns) {
        return local.to_string();
    }
    match scope.prefix_for(ns) {
        Some(prefix) if !prefix.is_empty() => format!("{prefix}:{local}"),
        _ => format!("{{{ns}}}{local}"),
    }
}

fn attribute_display(qname: &str) -> String {
    qname.to_string()
}

/// A readable list, cut after a dozen names.
fn summarize(names: &[String]) -> String {
    const SHOWN: usize = 12;
    let mut out = names
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        out.push_str(&format!(" … ({} more)", names.len() - SHOWN));
    }
    out
}

#[cfg(test)]
mod tests;
