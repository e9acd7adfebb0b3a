//! Diagnostics as values: a stable code, a severity, a message, a help line and
//! labelled spans into the file the user wrote.
//!
//! Every stage returns its result plus diagnostics; nothing prints. The CLI turns
//! them into miette reports (terminal) or JSON lines (pipelines) through
//! [`Rendered`], which resolves byte spans to 1-based lines and character columns.

use std::fmt;
use std::sync::Arc;

use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use serde::Serialize;

use crate::model::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Advice,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Advice => "advice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary location with its own label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `teikit::source::missing-number`.
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The primary location (may be empty for file-level problems).
    pub span: Span,
    /// The text of the primary label, shown under the snippet.
    pub label: Option<String>,
    pub labels: Vec<Label>,
    /// What would have been valid here (names as the document writes them),
    /// for tools reading `--format json`.
    pub expected: Vec<String>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            help: None,
            span,
            label: None,
            labels: Vec::new(),
            expected: Vec::new(),
        }
    }
    pub fn with_expected(mut self, expected: Vec<String>) -> Self {
        self.expected = expected;
        self
    }
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, span, message)
    }
    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, span, message)
    }
    pub fn advice(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Advice, span, message)
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_label(mut self, text: impl Into<String>) -> Self {
        self.label = Some(text.into());
        self
    }
    pub fn with_secondary(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Maps byte offsets of one text to 1-based lines and character columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    text: Arc<str>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            text: Arc::from(text),
        }
    }

    /// 1-based line and 1-based column in characters of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[start..end].chars().count() + 1;
        (line + 1, column)
    }

    /// Line and column of the last character of a span (inclusive end).
    pub fn end_position(&self, span: Span) -> (usize, usize) {
        if span.is_empty() {
            return self.position(span.start);
        }
        let mut last = span.end - 1;
        while last > 0 && !self.text.is_char_boundary(last) {
            last -= 1;
        }
        self.position(last)
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

/// A diagnostic resolved against its file: what the JSON output and the tests see.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Rendered {
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// Secondary locations (e.g. every anchor of a shared note).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<RenderedLabel>,
    /// What would have been valid at the location (schema diagnostics).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expected: Vec<String>,
}

/// A secondary location resolved to lines and columns.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RenderedLabel {
    pub text: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Rendered {
    pub fn new(diagnostic: &Diagnostic, file: &str, index: &LineIndex) -> Self {
        let (line, column) = index.position(diagnostic.span.start);
        let (end_line, end_column) = index.end_position(diagnostic.span);
        Rendered {
            code: diagnostic.code.to_string(),
            severity: diagnostic.severity,
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
            file: file.to_string(),
            line,
            column,
            end_line,
            end_column,
            labels: diagnostic
                .labels
                .iter()
                .map(|l| {
                    let (line, column) = index.position(l.span.start);
                    let (end_line, end_column) = index.end_position(l.span);
                    RenderedLabel {
                        text: l.text.clone(),
                        line,
                        column,
                        end_line,
                        end_column,
                    }
                })
                .collect(),
            expected: diagnostic.expected.clone(),
        }
    }

    /// One JSON object on one line.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl fmt::Display for Rendered {
    /// `file:line:column: severity[code]: message` — the compact form used in snapshots.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}-{}:{}: {}[{}]: {}",
            self.file,
            self.line,
            self.column,
            self.end_line,
            self.end_column,
            self.severity.as_str(),
            self.code,
            self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// A source text with its line index, read by miette in time proportional to
/// the lines shown (miette's own reader scans from the file start every time),
/// with whole lines and columns counted in characters.
#[derive(Debug, Clone)]
pub struct IndexedSource {
    name: String,
    index: Arc<LineIndex>,
}

impl IndexedSource {
    pub fn new(name: &str, index: Arc<LineIndex>) -> Self {
        IndexedSource {
            name: name.to_string(),
            index,
        }
    }
}

/// How many characters of a long line are shown before and after a span.
const WINDOW_BEFORE: usize = 50;
const WINDOW_AFTER: usize = 70;

impl IndexedSource {
    fn line_of(&self, offset: usize) -> usize {
        match self.index.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    fn line_end(&self, line: usize) -> usize {
        let text = self.index.text();
        let end = self
            .index
            .starts
            .get(line + 1)
            .map_or(text.len(), |n| n.saturating_sub(1));
        if text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        }
    }
}

/// Moves `offset` back `chars` characters, not before `floor`.
fn back_chars(text: &str, offset: usize, chars: usize, floor: usize) -> usize {
    text[floor..offset]
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(floor, |(i, _)| floor + i)
}

/// Moves `offset` on `chars` characters, not past `ceiling`.
fn on_chars(text: &str, offset: usize, chars: usize, ceiling: usize) -> usize {
    text[offset..ceiling]
        .char_indices()
        .nth(chars)
        .map_or(ceiling, |(i, _)| offset + i)
}

impl SourceCode for IndexedSource {
    /// With no context asked for (miette's header), the span itself with its
    /// line and character column; otherwise the lines of the span, a window of
    /// a long single line around it.
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.index.text();
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(MietteError::OutOfBounds);
        }
        let first = self.line_of(start);
        let last = self.line_of(end.saturating_sub(1).max(start));
        let line_start = self.index.starts[first];
        let (from, to, column) = if before == 0 && after == 0 {
            (start, end, text[line_start..start].chars().count())
        } else if first == last {
            let line_end = self.line_end(first).max(end);
            let from = back_chars(text, start, WINDOW_BEFORE, line_start);
            let to = on_chars(text, end, WINDOW_AFTER, line_end);
            (from, to, text[line_start..from].chars().count())
        } else {
            (line_start, self.line_end(last).max(end), 0)
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &text.as_bytes()[from..to],
            SourceSpan::new(from.into(), to - from),
            first,
            column,
            last - first + 1,
        )))
    }
}

/// A diagnostic with its source attached, ready for miette's graphical handler.
#[derive(Debug)]
pub struct Report {
    diagnostic: Diagnostic,
    source: IndexedSource,
}

impl Report {
    pub fn new(diagnostic: Diagnostic, source: IndexedSource) -> Self {
        Report { diagnostic, source }
    }
}

/// A span of more lines than this is shown by its first line only.
const MAX_SHOWN_LINES: usize = 4;

impl Report {
    /// The primary span as shown: a long multi-line span is cut to its first
    /// line, and the label says how far it reaches (JSON keeps the whole span).
    fn shown_primary(&self) -> (Span, Option<String>) {
        let span = self.diagnostic.span;
        let (first, _) = self.source.index.position(span.start);
        let (last, _) = self.source.index.end_position(span);
        if last - first < MAX_SHOWN_LINES {
            return (span, self.diagnostic.label.clone());
        }
        let line_end = self.source.line_end(first - 1).max(span.start);
        let reach = format!("lines {first}–{last}");
        let label = match &self.diagnostic.label {
            Some(l) => format!("{l} ({reach})"),
            None => reach,
        };
        (Span::new(span.start, line_end), Some(label))
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Report {}

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::new(span.start.into(), span.len())
}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Advice => miette::Severity::Advice,
            Severity::Warning => miette::Severity::Warning,
            Severity::Error => miette::Severity::Error,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        (!self.source.index.text().is_empty()).then_some(&self.source as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.source.index.text().is_empty() {
            return None;
        }
        let (span, label) = self.shown_primary();
        let primary = LabeledSpan::new_primary_with_span(label, source_span(span));
        let rest = self
            .diagnostic
            .labels
            .iter()
            .map(|l| LabeledSpan::new_with_span(Some(l.text.clone()), source_span(l.span)));
        Some(Box::new(std::iter::once(primary).chain(rest)))
    }
}
