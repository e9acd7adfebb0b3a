//! Reads closers: registration numbers, `Signed:` labels, signatures and closing
//! sentences at the end of a document's body (docs/encoding.md §2.1 rule 8, §7.1 rule 17).

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::conventions::Conventions;
use super::title::Piece;
use crate::model::{Closer, Inline, InlineKind, Span};

const NAME: &str = r"(?:\p{Lu}\p{Ll}?\. ?){0,3}\p{Lu}[\p{Ll}’']+(?:-\p{Lu}[\p{Ll}’']+)?";
const WORD: &str = r"[\p{L}\p{N}()’'-]+";
/// The longest closer teikit looks for, in bytes. Closers are a few items
/// (registration, signatures, a closing sentence); the bound keeps the
/// backtracking item parser fast and its recursion shallow on long lines.
const MAX_CLOSER_LEN: usize = 1000;
const FUNCTION_WORDS: &[&str] = &[
    "of", "the", "and", "for", "in", "on", "at", "to", "by", "de", "du", "von", "van",
];

static NAME_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{NAME}")).expect("static regex"));
static DASH_SIGNATURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^—({NAME})")).expect("static regex"));
static ROLE_SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^({WORD}(?: {WORD})*?) – ({NAME})(\.)?")).expect("static regex")
});
static NAME_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\p{Lu}\p{Ll}?\. ?){0,3}\p{Lu}[\p{Ll}’']+(?:[ -]\p{Lu}[\p{Ll}’']+){0,2}$")
        .expect("static regex")
});

/// A signatory found in a closer, for `listPerson`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signatory {
    pub id: String,
    pub name: String,
}

/// `xml:id` of a person: the surname in lower case, letters and digits only.
pub fn person_id(name: &str) -> String {
    let surname = name
        .rsplit([' ', '.'])
        .find(|w| !w.is_empty())
        .unwrap_or(name);
    surname
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Debug, Clone)]
enum Item {
    Registration { text: (usize, usize), period: bool },
    SignedLabel(usize, usize),
    Signed(Vec<Part>),
    Sentence(usize, usize),
}

/// Parts of a `<signed>`: role, name, literal text.
#[derive(Debug, Clone)]
enum Part {
    Role(usize, usize),
    Name(usize, usize),
    Text(usize, usize),
}

struct ItemParser<'t, 'c> {
    text: &'t str,
    conv: &'c Conventions<'c>,
    /// `(pos, after_dash)` already known not to parse: without it, backtracking
    /// over many items takes exponential time.
    failed: RefCell<HashSet<(usize, bool)>>,
}

fn is_role(words: &str, conv: &Conventions, need_role_word: bool) -> bool {
    let mut first = true;
    let mut has_role_word = false;
    for w in words.split(' ') {
        if w.is_empty() || w.ends_with(['.', ',', ';', ':', '!', '?']) {
            return false;
        }
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        if first && !capital {
            return false;
        }
        if !capital && !FUNCTION_WORDS.contains(&w) {
            return false;
        }
        has_role_word |= conv.is_role_word(w);
        first = false;
    }
    !first && (has_role_word || !need_role_word)
}

impl<'t, 'c> ItemParser<'t, 'c> {
    fn new(text: &'t str, conv: &'c Conventions<'c>) -> Self {
        ItemParser {
            text,
            conv,
            failed: RefCell::new(HashSet::new()),
        }
    }

    /// Parses `text[pos..]` as closer items separated by single spaces.
    fn items(&self, pos: usize, after_dash: bool) -> Option<Vec<Item>> {
        if self.failed.borrow().contains(&(pos, after_dash)) {
            return None;
        }
        let items = self.items_uncached(pos, after_dash);
        if items.is_none() {
            self.failed.borrow_mut().insert((pos, after_dash));
        }
        items
    }

    fn items_uncached(&self, pos: usize, after_dash: bool) -> Option<Vec<Item>> {
        if pos == self.text.len() {
            return Some(Vec::new());
        }
        let rest = &self.text[pos..];
        let mut attempts: Vec<(Item, usize, bool)> = Vec::new();
        if let Some(m) = self.conv.registration.find(rest) {
            let mut end = pos + m.end();
            let period = !m.as_str().ends_with('.') && rest[m.end()..].starts_with('.');
            if period {
                end += 1;
            }
            attempts.push((
                Item::Registration {
                    text: (pos, pos + m.end()),
                    period,
                },
                end,
                false,
            ));
        }
        for label in &self.conv.config.conventions.signed_labels {
            if rest.starts_with(label.as_str()) {
                attempts.push((
                    Item::SignedLabel(pos, pos + label.len()),
                    pos + label.len(),
                    after_dash,
                ));
            }
        }
        if let Some(c) = DASH_SIGNATURE.captures(rest) {
            let name = c.get(1)?;
            let parts = vec![
                Part::Text(pos, pos + 3),
                Part::Name(pos + name.start(), pos + name.end()),
            ];
            attempts.push((Item::Signed(parts), pos + name.end(), true));
        }
        if let Some(c) = ROLE_SIGNATURE.captures(rest) {
            let role = c.get(1)?;
            let name = c.get(2)?;
            if is_role(role.as_str(), self.conv, false) {
                let mut parts = vec![
                    Part::Role(pos, pos + role.end()),
                    Part::Text(pos + role.end(), pos + name.start()),
                    Part::Name(pos + name.start(), pos + name.end()),
                ];
                let mut end = pos + name.end();
                if c.get(3).is_some() {
                    parts.push(Part::Text(end, end + 1));
                    end += 1;
                }
                attempts.push((Item::Signed(parts), end, after_dash));
            }
        }
        if let Some(parts) = role_without_dash(rest, pos, self.conv, true) {
            attempts.push((Item::Signed(parts), self.text.len(), after_dash));
        }
        for (item, end, dash) in attempts {
            if let Some(mut tail) = self.after_item(end, dash) {
                tail.insert(0, item);
                return Some(tail);
            }
        }
        if after_dash {
            return self.sentence(pos);
        }
        None
    }

    /// What follows an item: the end of the text, or a space and more items.
    fn after_item(&self, end: usize, after_dash: bool) -> Option<Vec<Item>> {
        if end == self.text.len() {
            return Some(Vec::new());
        }
        if !self.text[end..].starts_with(' ') {
            return None;
        }
        self.items(end + 1, after_dash)
    }

    /// A closing sentence after a dash signature: the shortest that lets the rest parse.
    fn sentence(&self, pos: usize) -> Option<Vec<Item>> {
        let rest = &self.text[pos..];
        if !rest.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        for (i, c) in rest.char_indices() {
            if c == '—' {
                return None;
            }
            if matches!(c, '.' | '!' | '?') {
                let end = pos + i + 1;
                if let Some(mut tail) = self.after_item(end, true) {
                    tail.insert(0, Item::Sentence(pos, end));
                    return Some(tail);
                }
            }
        }
        None
    }
}

/// `Role Name[.]` with a role word (`Secretary Mirazbekyan.`), the whole of `text`.
fn role_without_dash(
    text: &str,
    base: usize,
    conv: &Conventions,
    final_only: bool,
) -> Option<Vec<Part>> {
    let body = text.strip_suffix('.').unwrap_or(text);
    let period = body.len() < text.len();
    // The name is the last word with any initials before it.
    let mut name_start = body.rfind(' ')? + 1;
    loop {
        let before = body[..name_start].trim_end();
        match before.rfind(' ') {
            Some(sp) if is_initial(&before[sp + 1..]) => name_start = sp + 1,
            _ => break,
        }
    }
    let role = body[..name_start].trim_end();
    let name = &body[name_start..];
    let whole_name = NAME_RE.find(name).is_some_and(|m| m.end() == name.len());
    if !whole_name || !is_role(role, conv, true) || (!final_only && text.is_empty()) {
        return None;
    }
    let mut parts = vec![
        Part::Role(base, base + role.len()),
        Part::Text(base + role.len(), base + name_start),
        Part::Name(base + name_start, base + body.len()),
    ];
    if period {
        parts.push(Part::Text(base + body.len(), base + text.len()));
    }
    Some(parts)
}

fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next_back()), (Some(c), Some('.')) if c.is_uppercase())
        && word.chars().count() <= 3
}

/// Builds the inline content of a `<signed>` from its parts.
fn signed(parts: &[Part], text: &str, base: usize, signatories: &mut Vec<Signatory>) -> Inline {
    let span = |a: usize, b: usize| Span::new(base + a, base + b);
    let mut content = Vec::new();
    for part in parts {
        match *part {
            Part::Text(a, b) => content.push(Inline::text(span(a, b), &text[a..b])),
            Part::Role(a, b) => content.push(Inline::new(
                span(a, b),
                InlineKind::RoleName(vec![Inline::text(span(a, b), &text[a..b])]),
            )),
            Part::Name(a, b) => {
                let name = &text[a..b];
                let id = person_id(name);
                signatories.push(Signatory {
                    id: id.clone(),
                    name: name.to_string(),
                });
                content.push(Inline::new(
                    span(a, b),
                    InlineKind::PersName {
                        reference: Some(id),
                        content: vec![Inline::text(span(a, b), name)],
                    },
                ));
            }
        }
    }
    let (start, end) = match (parts.first(), parts.last()) {
        (
            Some(Part::Text(a, _) | Part::Role(a, _) | Part::Name(a, _)),
            Some(Part::Text(_, b) | Part::Role(_, b) | Part::Name(_, b)),
        ) => (*a, *b),
        _ => (0, 0),
    };
    Inline::new(span(start, end), InlineKind::Signed(content))
}

/// Closers found at the end of a line-layout body text.
pub struct LineCloser {
    /// Where the closer starts in the piece (the body text ends before it).
    pub start: usize,
    pub closers: Vec<Closer>,
    pub signatories: Vec<Signatory>,
}

/// The longest suffix of `piece` made only of closer items (rule 8).
pub fn closer_suffix(piece: Piece, conv: &Conventions) -> Option<LineCloser> {
    let text = piece.text;
    let parser = ItemParser::new(text, conv);
    let earliest = text.len().saturating_sub(MAX_CLOSER_LEN);
    let starts = std::iter::once(0).chain(text.match_indices(' ').map(|(i, _)| i + 1));
    for start in starts.filter(|&s| s >= earliest) {
        if start >= text.len() {
            break;
        }
        if let Some(items) = parser.items(start, false) {
            if items.is_empty() {
                continue;
            }
            let mut signatories = Vec::new();
            let closers = group_items(&items, text, piece.start, " ", &mut signatories);
            return Some(LineCloser {
                start,
                closers,
                signatories,
            });
        }
    }
    None
}

/// One closer item on a line of its own (block layout), or `None`.
pub fn closer_line(piece: Piece, conv: &Conventions) -> bool {
    closer_line_items(piece, conv).is_some()
}

fn closer_line_items(piece: Piece, conv: &Conventions) -> Option<Vec<Item>> {
    let text = piece.text;
    let parser = ItemParser::new(text, conv);
    if text.len() > MAX_CLOSER_LEN {
        return None;
    }
    if let Some(items) = parser.items(0, false)
        && !items.iter().any(|i| matches!(i, Item::Sentence(..)))
    {
        return Some(items);
    }
    if let Some(parts) = role_without_dash(text, 0, conv, false) {
        return Some(vec![Item::Signed(parts)]);
    }
    if NAME_ALONE.is_match(text) {
        return Some(vec![Item::Signed(vec![Part::Name(0, text.len())])]);
    }
    None
}

/// Closers of block layout: consecutive closer lines, joined by `<lb/>`.
pub fn closer_lines(
    pieces: &[Piece],
    conv: &Conventions,
    signatories: &mut Vec<Signatory>,
) -> Vec<Closer> {
    let mut closers: Vec<Closer> = Vec::new();
    for piece in pieces {
        let Some(items) = closer_line_items(*piece, conv) else {
            continue;
        };
        let mut line = group_items(&items, piece.text, piece.start, " ", signatories);
        let starts_new = items
            .first()
            .is_some_and(|i| matches!(i, Item::Registration { .. }));
        match closers.last_mut() {
            Some(last) if !starts_new && !line.is_empty() => {
                let first = line.remove(0);
                last.content.push(Inline::new(
                    Span::new(last.span.end, last.span.end),
                    InlineKind::Lb,
                ));
                last.content.extend(first.content);
                last.span = last.span.join(first.span);
                closers.extend(line);
            }
            _ => closers.extend(line),
        }
    }
    closers
}

/// Groups items into closers: each registration number opens a new one.
fn group_items(
    items: &[Item],
    text: &str,
    base: usize,
    separator: &str,
    signatories: &mut Vec<Signatory>,
) -> Vec<Closer> {
    let span = |a: usize, b: usize| Span::new(base + a, base + b);
    let mut closers: Vec<Closer> = Vec::new();
    let mut current: Option<Closer> = None;
    for item in items {
        let (inlines, start, end): (Vec<Inline>, usize, usize) = match item {
            Item::Registration {
                text: (a, b),
                period,
            } => {
                let mut v = vec![Inline::new(
                    span(*a, *b),
                    InlineKind::Idno {
                        kind: "registration".into(),
                        text: text[*a..*b].to_string(),
                    },
                )];
                let mut end = *b;
                if *period {
                    v.push(Inline::text(span(*b, b + 1), "."));
                    end += 1;
                }
                (v, *a, end)
            }
            Item::SignedLabel(a, b) | Item::Sentence(a, b) => {
                (vec![Inline::text(span(*a, *b), &text[*a..*b])], *a, *b)
            }
            Item::Signed(parts) => {
                let s = signed(parts, text, base, signatories);
                let (a, b) = (s.span.start - base, s.span.end - base);
                (vec![s], a, b)
            }
        };
        let opens = matches!(item, Item::Registration { .. });
        if opens && let Some(c) = current.take() {
            closers.push(c);
        }
        match current.as_mut() {
            Some(c) => {
                c.content
                    .push(Inline::text(span(c.span.end - base, start), separator));
                c.content.extend(inlines);
                c.span.end = base + end;
            }
            None => {
                current = Some(Closer {
                    span: span(start, end),
                    content: inlines,
                })
            }
        }
    }
    closers.extend(current);
    closers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::plain_text;

    fn check(text: &str, expect_body: &str, expect_closers: &[&str]) {
        let config = Config::builtin();
        let conv = Conventions::new(&config);
        let piece = Piece {
            line: 1,
            start: 0,
            text,
        };
        let found = closer_suffix(piece, &conv);
        let (body, closers) = match &found {
            Some(c) => (
                text[..c.start].trim_end(),
                c.closers
                    .iter()
                    .map(|c| plain_text(&c.content))
                    .collect::<Vec<_>>(),
            ),
            None => (text, vec![]),
        };
        assert_eq!(body, expect_body);
        assert_eq!(closers, expect_closers);
    }

    #[test]
    fn registration_and_role_signatures() {
        check(
            "Report urgently.” No. 11. Chief of Staff of the Caucasus Front – Pugachev. Military Commissar – Pechersky.",
            "Report urgently.”",
            &[
                "No. 11. Chief of Staff of the Caucasus Front – Pugachev. Military Commissar – Pechersky.",
            ],
        );
    }

    #[test]
    fn two_registration_numbers_open_two_closers() {
        check(
            "Armenians. No. 1165/op. Caucasian Front Headquarters – Pugachev. No. 6491/os. Operational Council – Garf.",
            "Armenians.",
            &[
                "No. 1165/op. Caucasian Front Headquarters – Pugachev.",
                "No. 6491/os. Operational Council – Garf.",
            ],
        );
    }

    #[test]
    fn signed_label_without_periods() {
        check(
            "on 6 November. No. 6600/op. Signed: Chief of Operational Council – Shaposhnikov Military Commissar – Klim",
            "on 6 November.",
            &[
                "No. 6600/op. Signed: Chief of Operational Council – Shaposhnikov Military Commissar – Klim",
            ],
        );
    }

    #[test]
    fn closing_sentence_only_after_a_dash_signature() {
        check(
            "what can be redeployed. <…> Awaiting response. —Ordzhonikidze Awaiting response on the line. Secretary Mirazbekyan.",
            "what can be redeployed. <…> Awaiting response.",
            &["—Ordzhonikidze Awaiting response on the line. Secretary Mirazbekyan."],
        );
    }

    #[test]
    fn plain_body_has_no_closer() {
        check(
            "Legran should travel to Moscow to provide clarification.",
            "Legran should travel to Moscow to provide clarification.",
            &[],
        );
        check(
            "We gain the right. No. 159.",
            "We gain the right.",
            &["No. 159."],
        );
    }

    #[test]
    fn block_closer_lines() {
        let config = Config::builtin();
        let conv = Conventions::new(&config);
        let lines = [
            Piece {
                line: 1,
                start: 0,
                text: "Military Commissar Zvyagintsev",
            },
            Piece {
                line: 2,
                start: 31,
                text: "Chief of Staff of the Sector Kurbatov",
            },
        ];
        let mut people = Vec::new();
        let closers = closer_lines(&lines, &conv, &mut people);
        assert_eq!(closers.len(), 1);
        let ids: Vec<_> = people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["zvyagintsev", "kurbatov"]);
        assert!(closer_line(
            Piece {
                line: 1,
                start: 0,
                text: "S. Alaverdyan"
            },
            &conv
        ));
        assert!(closer_line(
            Piece {
                line: 1,
                start: 0,
                text: "Deputy Minister A. Vardanyan"
            },
            &conv
        ));
        assert!(!closer_line(
            Piece {
                line: 1,
                start: 0,
                text: "I request instructions before the next meeting."
            },
            &conv
        ));
    }
}
