//! Reads phrase-level marks in body text: `<…>` omissions, `[…]` supplied words
//! and glosses, and the footnote marks that `notes` decided on (docs/encoding.md §2.2
//! rows 18–21, 39–43; §7.1 rule 20).

mod language;

pub use language::language_of;

use super::codes;
use super::conventions::Conventions;
use crate::diagnostic::Diagnostic;
use crate::model::{Inline, InlineKind, Note, NoteKind, NotePlace, Span};

/// A decision made before inline reading: wrap a range in `hi`, or replace a
/// range (footnote asterisks, a misspelt word) with a ready inline.
#[derive(Debug, Clone)]
pub enum Overlay {
    Wrap {
        start: usize,
        end: usize,
        rend: String,
    },
    Replace {
        start: usize,
        end: usize,
        inline: Inline,
    },
}

impl Overlay {
    pub fn start(&self) -> usize {
        match self {
            Overlay::Wrap { start, .. } | Overlay::Replace { start, .. } => *start,
        }
    }
    pub fn end(&self) -> usize {
        match self {
            Overlay::Wrap { end, .. } | Overlay::Replace { end, .. } => *end,
        }
    }
}

pub struct InlineReader<'s, 'c> {
    pub source: &'s str,
    pub conv: &'c Conventions<'c>,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether any gloss was read (the header then explains glosses).
    pub glosses: bool,
    /// The range of the outermost [`InlineReader::read`] (the block being read).
    block: Option<(usize, usize)>,
}

/// Merges adjacent text runs so that output does not depend on how text was cut.
pub fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        if let InlineKind::Text(t) = &inline.kind {
            if t.is_empty() {
                continue;
            }
            if let Some(Inline {
                span,
                kind: InlineKind::Text(prev),
            }) = out.last_mut()
            {
                prev.push_str(t);
                span.end = inline.span.end;
                continue;
            }
        }
        out.push(inline);
    }
    out
}

/// The next occurrence of a needle at or after a position, remembered: it
/// is searched for again only when the position has moved past it.
struct Next {
    found: Option<Option<usize>>,
}

impl Next {
    fn new() -> Self {
        Next { found: None }
    }

    fn at_or_after(&mut self, text: &str, pos: usize, needle: &str) -> Option<usize> {
        match self.found {
            // Not found after an earlier position: not found after this one either.
            Some(None) => None,
            Some(Some(at)) if at >= pos => Some(at),
            _ => {
                let at = text.get(pos..)?.find(needle).map(|i| pos + i);
                self.found = Some(at);
                at
            }
        }
    }
}

impl<'s, 'c> InlineReader<'s, 'c> {
    pub fn new(source: &'s str, conv: &'c Conventions<'c>) -> Self {
        InlineReader {
            source,
            conv,
            diagnostics: Vec::new(),
            glosses: false,
            block: None,
        }
    }

    /// Reads `source[start..end]`, applying the overlays that lie inside it.
    pub fn read(&mut self, start: usize, end: usize, overlays: &[Overlay]) -> Vec<Inline> {
        let outermost = self.block.is_none();
        if outermost {
            self.block = Some((start, end));
        }
        let out = self.read_range(start, end, overlays);
        if outermost {
            self.block = None;
        }
        out
    }

    fn read_range(&mut self, start: usize, end: usize, overlays: &[Overlay]) -> Vec<Inline> {
        let mut inside: Vec<&Overlay> = overlays
            .iter()
            .filter(|o| o.start() >= start && o.end() <= end && o.start() < o.end())
            .collect();
        // Outer ranges first: a wrap holds the replacements inside it.
        inside.sort_by_key(|o| (o.start(), std::cmp::Reverse(o.end())));
        let mut out = Vec::new();
        let mut pos = start;
        let mut i = 0;
        while i < inside.len() {
            let o = inside[i];
            if o.start() < pos {
                i += 1;
                continue;
            }
            out.extend(self.marks(pos, o.start()));
            match o {
                Overlay::Wrap { start, end, rend } => {
                    let nested: Vec<Overlay> = inside[i + 1..]
                        .iter()
                        .filter(|n| n.start() >= *start && n.end() <= *end)
                        .map(|n| (*n).clone())
                        .collect();
                    let content = self.read(*start, *end, &nested);
                    out.push(Inline::new(
                        Span::new(*start, *end),
                        InlineKind::Hi {
                            rend: rend.clone(),
                            content,
                        },
                    ));
                }
                Overlay::Replace { inline, .. } => out.push(inline.clone()),
            }
            pos = o.end();
            i += 1;
        }
        out.extend(self.marks(pos, end));
        merge_text(out)
    }

    /// Omissions and brackets in plain text.
    fn marks(&mut self, start: usize, end: usize) -> Vec<Inline> {
        let mut out = Vec::new();
        if start >= end {
            return out;
        }
        let omission = self.conv.config.conventions.omission.clone();
        let text = &self.source[start..end];
        let mut pos = 0;
        // Where the next omission, `[` and `]` are (offsets in `text`), found
        // again only once passed, so that a long line of marks stays linear.
        let mut gap = Next::new();
        let mut open = Next::new();
        let mut close = Next::new();
        while pos < text.len() {
            let rest = &text[pos..];
            let next_gap = if omission.is_empty() {
                None
            } else {
                gap.at_or_after(text, pos, &omission).map(|g| g - pos)
            };
            let next_bracket = open
                .at_or_after(text, pos, "[")
                .and_then(|o| close.at_or_after(text, o, "]").map(|c| (o - pos, c - pos)));
            match (next_gap, next_bracket) {
                (Some(g), b) if b.is_none_or(|(o, _)| g < o) => {
                    let a = start + pos;
                    out.push(Inline::text(Span::new(a, a + g), &rest[..g]));
                    out.push(Inline::new(
                        Span::new(a + g, a + g + omission.len()),
                        InlineKind::Gap,
                    ));
                    pos += g + omission.len();
                }
                (_, Some((open, close))) => {
                    let a = start + pos;
                    out.push(Inline::text(Span::new(a, a + open), &rest[..open]));
                    let inner = &rest[open + 1..close];
                    out.push(self.bracket(inner, Span::new(a + open, a + close + 1)));
                    pos += close + 1;
                }
                _ => {
                    let a = start + pos;
                    out.push(Inline::text(Span::new(a, end), rest));
                    break;
                }
            }
        }
        out
    }

    /// `[copy letter unsigned]` standing as a block of its own, or `[Stamp:
    /// …]` opening with a labelled word: the compiler's statement about the
    /// document, not words restored into it (encoded like a gloss).
    fn is_editorial_statement(&self, inner: &str, span: Span) -> bool {
        let whole_block = self
            .block
            .is_some_and(|(s, e)| s == span.start && e == span.end);
        let labelled = inner.split_once(": ").is_some_and(|(label, rest)| {
            !rest.is_empty()
                && label.starts_with(char::is_uppercase)
                && !label.contains(' ')
                && label.chars().all(char::is_alphabetic)
        });
        whole_block || labelled
    }

    /// `[…]`: an omission in one of `conventions.omission_forms`; a gloss when
    /// it opens with a gloss opener and more words; else supplied.
    fn bracket(&mut self, inner: &str, span: Span) -> Inline {
        let inner_span = Span::new(span.start + 1, span.end - 1);
        let omission = self
            .conv
            .config
            .conventions
            .omission_forms
            .iter()
            .any(|f| f.strip_prefix('[').and_then(|f| f.strip_suffix(']')) == Some(inner));
        if omission {
            return Inline::new(span, InlineKind::Gap);
        }
        if let Some(n) = page_number(inner, &self.conv.config.conventions.page_breaks) {
            return Inline::new(span, InlineKind::PageBreak(n.to_string()));
        }
        // `[25]`: a page number or a note anchor without its note, never
        // words the compiler supplied; kept as printed.
        if (1..=4).contains(&inner.len()) && inner.bytes().all(|b| b.is_ascii_digit()) {
            return Inline::text(span, format!("[{inner}]"));
        }
        let gloss = self.conv.config.conventions.gloss_openers.iter().any(|o| {
            inner.starts_with(o.as_str())
                && inner[o.len()..].starts_with([' ', ','])
                && !inner[o.len()..].trim_start_matches([' ', ',']).is_empty()
        }) || self.is_editorial_statement(inner, span);
        if gloss {
            self.glosses = true;
            return Inline::new(
                span,
                InlineKind::Note(Box::new(Note {
                    span,
                    kind: NoteKind::Gloss,
                    n: None,
                    id: None,
                    place: Some(NotePlace::Inline),
                    by_editor: true,
                    rend: Vec::new(),
                    target: Vec::new(),
                    content: vec![Inline::text(inner_span, inner)],
                })),
            );
        }
        if inner.contains(' ') {
            self.diagnostics.push(
                Diagnostic::warning(
                    codes::AMBIGUOUS_BRACKET,
                    span,
                    format!("\"[{inner}]\" may be restored words or an explanation"),
                )
                .with_help(
                    "encoded as supplied; add its first word to `conventions.gloss_openers` to make it a gloss",
                ),
            );
        }
        Inline::new(
            span,
            InlineKind::Supplied(vec![Inline::text(inner_span, inner)]),
        )
    }
}

/// The page number of `[inner]` when it has a configured page-break form
/// (`[Page {n}]`): `{n}` is digits, maybe with a Roman or letter suffix.
fn page_number<'a>(inner: &'a str, forms: &[String]) -> Option<&'a str> {
    forms.iter().find_map(|form| {
        let form = form.strip_prefix('[')?.strip_suffix(']')?;
        let (prefix, suffix) = form.split_once("{n}")?;
        let n = inner.strip_prefix(prefix)?.strip_suffix(suffix)?;
        let plain =
            n.starts_with(|c: char| c.is_ascii_digit()) && n.chars().all(|c| c.is_alphanumeric());
        plain.then_some(n)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn kinds(inlines: &[Inline]) -> Vec<String> {
        inlines
            .iter()
            .map(|i| match &i.kind {
                InlineKind::Text(t) => format!("text:{t}"),
                InlineKind::Gap => "gap".into(),
                InlineKind::Supplied(c) => format!("supplied:{}", crate::model::plain_text(c)),
                InlineKind::Note(n) => format!(
                    "{}:{}",
                    n.kind.as_str(),
                    crate::model::plain_text(&n.content)
                ),
                InlineKind::Hi { content, .. } => {
                    format!("hi:{}", crate::model::plain_text(content))
                }
                InlineKind::PageBreak(n) => format!("pb:{n}"),
                other => format!("{other:?}"),
            })
            .collect()
    }

    fn check(text: &str, expect: &[&str], diagnostics: usize) {
        let config = Config::builtin();
        let conv = Conventions::new(&config);
        let mut r = InlineReader::new(text, &conv);
        let got = r.read(0, text.len(), &[]);
        assert_eq!(kinds(&got), expect);
        assert_eq!(r.diagnostics.len(), diagnostics);
    }

    #[test]
    fn omissions_and_brackets() {
        check(
            "<…> Any demand for [Armenia], in",
            &[
                "gap",
                "text: Any demand for ",
                "supplied:Armenia",
                "text:, in",
            ],
            0,
        );
        check(
            "Erivan [modern Yerevan] and",
            &["text:Erivan ", "gloss:modern Yerevan", "text: and"],
            0,
        );
        check(
            "the lost districts [that is, the Kars region] can",
            &[
                "text:the lost districts ",
                "gloss:that is, the Kars region",
                "text: can",
            ],
            0,
        );
        check(
            "the Government [of Armenia] holds",
            &["text:the Government ", "supplied:of Armenia", "text: holds"],
            1,
        );
        check("an [unclosed bracket", &["text:an [unclosed bracket"], 0);
    }

    #[test]
    fn bracketed_omissions_are_gaps_and_a_bare_ellipsis_is_text() {
        check(
            "[…] the Soviet side [...] agreed … to it.",
            &[
                "gap",
                "text: the Soviet side ",
                "gap",
                "text: agreed … to it.",
            ],
            0,
        );
        check(
            "end of the line.[Page 593]5. Next",
            &["text:end of the line.", "pb:593", "text:5. Next"],
            0,
        );
        check("the end.[25] Next", &["text:the end.[25] Next"], 0);
        // The compiler's statements: a bracket that is the whole block, or a
        // labelled one; restored words inside a sentence stay supplied.
        check("[copy letter unsigned]", &["gloss:copy letter unsigned"], 0);
        check(
            "Secret. [Stamp: Received 5 May] Text",
            &["text:Secret. ", "gloss:Stamp: Received 5 May", "text: Text"],
            0,
        );
        check(
            "the [regular Tatar soldiers] came",
            &["text:the ", "supplied:regular Tatar soldiers", "text: came"],
            1,
        );
        check(
            "[Page one] [p. 12a]",
            &["supplied:Page one", "text: ", "pb:12a"],
            1,
        );
        check(
            "one [word] and ... more",
            &["text:one ", "supplied:word", "text: and ... more"],
            0,
        );
    }

    #[test]
    fn wraps_hold_replacements() {
        let text = "<…> In our relations with Armenia* and Georgia. Next.";
        let config = Config::builtin();
        let conv = Conventions::new(&config);
        let mut r = InlineReader::new(text, &conv);
        let star = text.find('*').unwrap();
        let end = text.find("Georgia.").unwrap() + "Georgia.".len();
        let anchor = Inline::new(
            Span::new(star, star + 1),
            InlineKind::Anchor {
                n: "*".into(),
                id: "a1".into(),
            },
        );
        let overlays = [
            Overlay::Replace {
                start: star,
                end: star + 1,
                inline: anchor,
            },
            Overlay::Wrap {
                start: 6,
                end,
                rend: "underline".into(),
            },
        ];
        let got = r.read(0, text.len(), &overlays);
        assert_eq!(
            kinds(&got),
            [
                "gap",
                "text: ",
                "hi:In our relations with Armenia and Georgia.",
                "text: Next."
            ]
        );
    }
}
