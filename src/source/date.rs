//! Datelines and dates: "Baku, 5 November 1920, 22:15", "October 12 or 13, 1920".

// Temporary stand-in until the full date parser lands: `[Place, ]D Month YYYY[, HH:MM]`.
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::{DateValue, Inline, InlineKind, Span};

pub struct DatelineMatch {
    pub start: usize,
    pub content: Vec<Inline>,
    pub diagnostics: Vec<Diagnostic>,
}

const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
];

pub fn trailing_dateline(line: &str, base: usize, _config: &Config) -> Option<DatelineMatch> {
    let re = regex::Regex::new(r"(?:^|\s)((?:(\p{Lu}\p{Ll}+), )?((\d{1,2}) (\p{Lu}\p{Ll}+) (\d{4})(?:, (\d{2}):(\d{2}))?))$").ok()?;
    let c = re.captures(line)?;
    let month = MONTHS.iter().position(|m| *m == &c[5])? + 1;
    let whole = c.get(1)?;
    let date = c.get(3)?;
    let mut when = format!("{}-{:02}-{:02}", &c[6], month, c[4].parse::<u32>().ok()?);
    if let (Some(h), Some(m)) = (c.get(7), c.get(8)) {
        when.push_str(&format!("T{}:{}:00", h.as_str(), m.as_str()));
    }
    let mut content = Vec::new();
    if let Some(p) = c.get(2) {
        content.push(Inline::new(Span::new(base + p.start(), base + p.end()), InlineKind::PlaceName(p.as_str().into())));
        content.push(Inline::text(Span::new(base + p.end(), base + date.start()), ", "));
    }
    content.push(Inline::new(
        Span::new(base + date.start(), base + date.end()),
        InlineKind::Date(DateValue { text: date.as_str().into(), when: Some(when), not_before: None, not_after: None }),
    ));
    Some(DatelineMatch { start: whole.start(), content, diagnostics: Vec::new() })
}

pub fn dateline_line(line: &str, base: usize, config: &Config) -> Option<DatelineMatch> {
    let m = trailing_dateline(line, base, config)?;
    (m.start == 0).then_some(m)
}
