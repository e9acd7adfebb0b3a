//! Reads the content of one document (title, opener, body, closers, tail) into
//! the model, once segmentation has found its lines and numbering its number.

use super::body::{Draft, Marker, classify};
use super::citation::{find_citation, find_publication, parse_publication, parse_witnesses};
use super::closer::{Signatory, closer_line, closer_lines, closer_suffix};
use super::conventions::Conventions;
use super::endnotes;
use super::inline::{InlineReader, merge_text};
use super::notes::{Anchor, asterisk_anchors, digit_anchors, plan};
use super::segment::RawDocument;
use super::tail::{EmphasisNote, Tail};
use super::title::Piece;
use crate::diagnostic::Diagnostic;
use crate::model::{
    Block, BlockKind, Cert, Closer, Document, DocumentKind, Head, Inline, InlineKind, Layout,
    ListItem, Marking, MarkingPlace, Note, NoteKind, Opener, OpenerItem, Person, Span, Witnesses,
};

/// The number and id numbering gave a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered {
    pub n: Option<String>,
    pub id: String,
    pub cert: Option<Cert>,
}

/// A document read, with what the header needs to know about it.
pub struct Read {
    pub document: Document,
    /// Speakers and signatories in order of appearance.
    pub persons: Vec<Person>,
    pub emphasis: Vec<EmphasisNote>,
    pub glosses: bool,
    pub diagnostics: Vec<Diagnostic>,
    /// Spans of back-links dropped from footnotes.
    pub back_links: Vec<Span>,
}

fn trim_end(p: Piece) -> Piece {
    p.slice(0, p.text.trim_end().len())
}

/// Splits the tail line into its body part and its tail part.
fn split_tail_line<'a>(line: Piece<'a>, conv: &Conventions) -> (Piece<'a>, Piece<'a>) {
    let citation = find_citation(line.text, conv.config).map(|c| {
        if line.text[..c].ends_with('(') {
            c - 1
        } else {
            c
        }
    });
    let publication = find_publication(line.text, conv.config);
    let at = match (citation, publication) {
        (Some(c), Some(p)) => c.min(p),
        (Some(c), None) => c,
        (None, Some(p)) => p,
        (None, None) => line.text.len(),
    };
    (trim_end(line.slice(0, at)), line.slice(at, line.text.len()))
}

fn heads(raw: &RawDocument) -> Vec<Head> {
    let Some(title) = &raw.title else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if !title.head.is_empty() {
        let mut content = Vec::new();
        for (i, p) in title.head.iter().enumerate() {
            if i > 0 {
                content.push(Inline::new(Span::new(p.start, p.start), InlineKind::Lb));
            }
            content.push(Inline::text(p.span(), p.text));
        }
        let span = title.head[0]
            .span()
            .join(title.head[title.head.len() - 1].span());
        out.push(Head {
            span,
            sub: false,
            content,
        });
    }
    if let Some(sub) = &title.sub {
        out.push(Head {
            span: sub.span(),
            sub: true,
            content: vec![Inline::text(sub.span(), sub.text)],
        });
    }
    out
}

/// Strips a body marking (`Marked “…”`) off the start of the first body piece.
fn body_marking<'a>(first: Piece<'a>, conv: &Conventions) -> Option<(Marking, Piece<'a>)> {
    conv.body_markings.iter().find_map(|p| {
        let m = p.match_prefix(first.text)?;
        let rest = &first.text[m.end..];
        if !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        let marking = Marking {
            span: Span::new(first.start, first.start + m.end),
            place: MarkingPlace::Body,
            text: first.text[..m.end].to_string(),
        };
        let skip = (m.end + 1).min(first.text.len());
        Some((marking, first.slice(skip, first.text.len())))
    })
}

fn emphasis_note(e: &EmphasisNote) -> Note {
    let mut rend = Vec::new();
    if e.parenthesized {
        rend.push("parenthesized".to_string());
    }
    if e.full_stop {
        rend.push("full-stop".to_string());
    }
    Note {
        span: e.span,
        kind: NoteKind::Editorial,
        n: None,
        id: None,
        place: None,
        by_editor: true,
        rend,
        target: Vec::new(),
        content: vec![Inline::text(e.text_span, e.text.clone())],
    }
}

/// Adds a person once; a later mention may add what an earlier one lacked.
pub fn push_person(persons: &mut Vec<Person>, person: Person) {
    match persons.iter_mut().find(|p| p.id == person.id) {
        Some(known) => {
            if known.affiliation.is_none() {
                known.affiliation = person.affiliation;
            }
        }
        None => persons.push(person),
    }
}

fn signatory_person(s: &Signatory) -> Person {
    Person {
        id: s.id.clone(),
        name: s.name.clone(),
        is_role: false,
        affiliation: None,
    }
}

/// Reads one document.
pub fn read_document(
    raw: &RawDocument,
    numbered: &Numbered,
    source: &str,
    conv: &Conventions,
) -> Read {
    let config = conv.config;
    let mut diagnostics = Vec::new();
    let mut tail = Tail::default();
    let mut body_pieces: Vec<Piece> = raw.body.clone();
    let mut tail_body: Option<Piece> = None;
    if let Some(line) = raw.tail_line {
        let (body_part, tail_part) = split_tail_line(line, conv);
        tail.read(tail_part, conv);
        if !body_part.text.is_empty() {
            tail_body = Some(body_part);
        }
    }
    for item in &raw.tail_items {
        tail.read(*item, conv);
    }
    for line in &raw.notes {
        tail.read_note(*line, conv);
    }
    let dateline_alone = raw.title.as_ref().is_some_and(|t| t.dateline_alone);
    let layout =
        if dateline_alone || (raw.tail_line.is_some() && tail_body.is_none() && !raw.fragment) {
            Layout::Blocks
        } else {
            Layout::Lines
        };

    // Closers: at the end of the tail line's body part, or closer lines before the tail.
    let mut closers: Vec<Closer> = Vec::new();
    let mut signatories: Vec<Signatory> = Vec::new();
    if let Some(part) = tail_body {
        if let Some(found) = closer_suffix(part, conv) {
            closers = found.closers;
            signatories = found.signatories;
            let rest = trim_end(part.slice(0, found.start));
            tail_body = (!rest.text.is_empty()).then_some(rest);
        }
    } else if layout == Layout::Blocks && raw.tail_line.is_some() {
        let keep = body_pieces.len()
            - body_pieces
                .iter()
                .rev()
                .take_while(|p| closer_line(**p, conv))
                .count();
        let lines: Vec<Piece> = body_pieces.split_off(keep);
        closers = closer_lines(&lines, conv, &mut signatories);
    }
    body_pieces.extend(tail_body);

    // Opener: title markings, dateline, body marking.
    let mut opener_items = Vec::new();
    if let Some(title) = &raw.title {
        if let Some(m) = &title.markings {
            opener_items.push(OpenerItem::Marking(Marking {
                span: m.span(),
                place: MarkingPlace::Title,
                text: m.text.to_string(),
            }));
        }
        for d in title.dateline.iter().chain(&title.more_datelines) {
            let span = d.content.iter().fold(None::<Span>, |acc, i| {
                Some(acc.map_or(i.span, |a| a.join(i.span)))
            });
            opener_items.push(OpenerItem::Dateline {
                span: span.unwrap_or_default(),
                content: d.content.clone(),
            });
            diagnostics.extend(d.diagnostics.iter().cloned());
        }
    }
    if let Some(first) = body_pieces.first().copied()
        && let Some((marking, rest)) = body_marking(first, conv)
    {
        opener_items.push(OpenerItem::Marking(marking));
        if rest.text.is_empty() {
            body_pieces.remove(0);
        } else {
            body_pieces[0] = rest;
        }
    }
    body_pieces.extend(raw.strays.iter().copied());

    // Body drafts, anchors and the notes plan.
    let drafts: Vec<Draft> = body_pieces.iter().map(|p| classify(*p, conv)).collect();
    let ranges: Vec<(usize, usize)> = drafts.iter().flat_map(Draft::ranges).collect();
    if !raw.notes.is_empty() {
        endnotes::pair_in_order(&mut tail.footnotes, source, &ranges);
    }
    let digit_numbers: Vec<&str> = tail
        .footnotes
        .iter()
        // A bulleted note (§7.6) has no number, so no anchor to look for.
        .filter(|f| !f.n.is_empty() && f.n.chars().all(|c| c.is_ascii_digit()))
        .map(|f| f.n.as_str())
        .collect();
    let mut anchors: Vec<Anchor> = Vec::new();
    for &(s, e) in &ranges {
        if config.asterisk_anchors() {
            anchors.extend(asterisk_anchors(source, s, e));
        }
        // Notes the layout model found (§7.6) bring their digit anchors.
        if (config.digit_anchors() || !raw.notes.is_empty()) && !digit_numbers.is_empty() {
            anchors.extend(digit_anchors(source, s, e, &digit_numbers));
        }
    }
    anchors.sort_by_key(|a| a.start);
    let notes_plan = plan(
        source,
        &numbered.id,
        &tail.footnotes,
        &anchors,
        &ranges,
        conv,
    );
    diagnostics.extend(notes_plan.diagnostics);

    let mut reader = InlineReader::new(source, conv);
    let mut persons: Vec<Person> = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut current_list: Option<(Marker, Block)> = None;
    for draft in &drafts {
        if let Draft::Item {
            marker,
            label,
            content,
        } = draft
        {
            let item = ListItem {
                span: Span::new(label.map_or(content.0, |l| l.0), content.1),
                label: label.map(|(a, b)| source[a..b].to_string()),
                content: reader.read(content.0, content.1, &notes_plan.overlays),
            };
            match &mut current_list {
                Some((
                    m,
                    Block {
                        span,
                        kind: BlockKind::List { items, .. },
                    },
                )) if m == marker => {
                    *span = span.join(item.span);
                    items.push(item);
                }
                _ => {
                    blocks.extend(current_list.take().map(|(_, b)| b));
                    let rend = match marker {
                        Marker::Dash => None,
                        Marker::Bullet => Some("bulleted".to_string()),
                        Marker::Number => Some("numbered".to_string()),
                    };
                    current_list = Some((
                        *marker,
                        Block {
                            span: item.span,
                            kind: BlockKind::List {
                                rend,
                                items: vec![item],
                            },
                        },
                    ));
                }
            }
            continue;
        }
        blocks.extend(current_list.take().map(|(_, b)| b));
        match draft {
            Draft::Paragraph((s, e)) => blocks.push(Block {
                span: Span::new(*s, *e),
                kind: BlockKind::Paragraph(reader.read(*s, *e, &notes_plan.overlays)),
            }),
            Draft::Gap((s, e)) => blocks.push(Block {
                span: Span::new(*s, *e),
                kind: BlockKind::Gap,
            }),
            Draft::Turns(turns) => {
                for t in turns {
                    let label_span = Span::new(t.label.0, t.label.1);
                    let speaker = match &t.speaker.expansion {
                        Some((abbr, ex)) => {
                            let colon = t.label.1 - 1;
                            vec![
                                Inline::new(
                                    Span::new(t.label.0, colon),
                                    InlineKind::Expan {
                                        abbr: abbr.clone(),
                                        ex: ex.clone(),
                                    },
                                ),
                                Inline::text(Span::new(colon, t.label.1), ":"),
                            ]
                        }
                        None => vec![Inline::text(label_span, &source[t.label.0..t.label.1])],
                    };
                    push_person(
                        &mut persons,
                        Person {
                            id: t.speaker.who.clone(),
                            name: t.speaker.name.clone(),
                            is_role: t.speaker.is_role,
                            affiliation: t.speaker.affiliation.clone(),
                        },
                    );
                    blocks.push(Block {
                        span: Span::new(t.label.0, t.content.1),
                        kind: BlockKind::Speech {
                            who: t.speaker.who.clone(),
                            run_in: t.run_in && layout == Layout::Lines,
                            speaker,
                            content: reader.read(t.content.0, t.content.1, &notes_plan.overlays),
                        },
                    });
                }
            }
            Draft::Item { .. } => {}
        }
    }
    blocks.extend(current_list.take().map(|(_, b)| b));
    for s in &signatories {
        push_person(&mut persons, signatory_person(s));
    }
    diagnostics.append(&mut reader.diagnostics);

    // Witnesses and publications.
    let mut witnesses: Option<Witnesses> = None;
    for (piece, parenthesized) in &tail.citations {
        let items = parse_witnesses(piece.text, piece.start, config, &mut diagnostics);
        match &mut witnesses {
            Some(w) => {
                w.span = w.span.join(piece.span());
                w.items.extend(items);
            }
            None => {
                witnesses = Some(Witnesses {
                    span: piece.span(),
                    parenthesized: *parenthesized,
                    items,
                });
            }
        }
    }
    let publications = tail
        .publications
        .iter()
        .map(|p| parse_publication(p.text, p.start, config))
        .collect();

    let mut notes: Vec<Note> = tail.emphasis.iter().map(emphasis_note).collect();
    notes.extend(notes_plan.div_notes);

    let opener = (!opener_items.is_empty()).then(|| {
        let span = opener_items
            .iter()
            .map(|i| match i {
                OpenerItem::Marking(m) => m.span,
                OpenerItem::Dateline { span, .. } => *span,
            })
            .reduce(Span::join)
            .unwrap_or_default();
        Opener {
            span,
            items: opener_items,
        }
    });

    let document = Document {
        span: raw.span,
        kind: if raw.fragment {
            DocumentKind::Fragment
        } else {
            DocumentKind::Document
        },
        n: numbered.n.clone(),
        id: numbered.id.clone(),
        cert: numbered.cert,
        layout: if raw.fragment { Layout::Lines } else { layout },
        heads: heads(raw),
        opener,
        blocks,
        witnesses,
        publications,
        closers: closers
            .into_iter()
            .map(|c| Closer {
                span: c.span,
                content: merge_text(c.content),
            })
            .collect(),
        notes,
    };
    Read {
        document,
        persons,
        emphasis: tail.emphasis,
        glosses: reader.glosses,
        diagnostics,
        back_links: tail.back_links,
    }
}
