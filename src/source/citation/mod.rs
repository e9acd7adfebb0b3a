//! Archival citations and printed publications in the tail of a document.
//!
//! A citation block is one or more witnesses, `ARCHIVE, f. N, op. N[, p. N],
//! d. N, RANGE[. Status][. Form][. Certification]`, separated by `; `
//! (docs/encoding.md §2.2 rows 32–37, §7.2 rows 62–65). A witness is kept parsed only
//! when [`format_witness`] writes it back exactly as printed; otherwise it is
//! kept verbatim with `teikit::citation::unparsed`, so nothing is ever lost.
//! Publications (`Published in: …`, `Source: …`) are split into title, place,
//! year and scope (rows 66–67).

mod reference;

pub use reference::{find_reference, is_reference};

use crate::config::{CategoryConfig, Config, Labels};
use crate::diagnostic::Diagnostic;
use crate::model::{
    CitedRange, DateValue, Inline, InlineKind, ParsedWitness, Publication, ShelfmarkKind,
    ShelfmarkPart, Span, Witness, WitnessKind, plain_text,
};

const UNPARSED: &str = "teikit::citation::unparsed";
const UNKNOWN_ARCHIVE: &str = "teikit::citation::unknown-archive";

/// Byte offset of the first citation start in `text`: an archive acronym from
/// `config.archives` — or an unknown acronym of capitals, maybe several words —
/// followed by `", "` and a fond label (`config.citations.fond`), at the start
/// of `text` or after a space or `(`; or an archival reference of another form
/// ([`find_reference`]: Russian dotted citations, file numbers, archives named
/// in words, film frames, slash shelfmarks). A label such as `Source: ` right
/// before a citation belongs to it.
pub fn find_citation(text: &str, config: &Config) -> Option<usize> {
    let shelfmark = text
        .match_indices(", ")
        .find_map(|(comma, _)| {
            let after = text.get(comma + 2..)?;
            starts_with_label_and_value(after, &config.citations.fond)
                .or_else(|| starts_with_label_and_digit(after, &config.citations.fond))?;
            acronym_start(&text[..comma], config)
        })
        .map(|at| reference::with_label(text, at));
    match (shelfmark, find_reference(text)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Parse a citation block: one or more witnesses separated by `"; "`, the last
/// ending in `"."` (or not, when it stood in parentheses and the caller
/// stripped them). `text` is exactly the block; `base` its offset in the file.
pub fn parse_witnesses(
    text: &str,
    base: usize,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Witness> {
    let segments = split_witnesses(text);
    let count = segments.len();
    let mut witnesses = Vec::with_capacity(count);
    let mut previous: Option<(String, String)> = None;
    for (i, (offset, segment)) in segments.into_iter().enumerate() {
        let candidates = witness_texts(segment, i + 1 == count);
        let at = base + offset;
        let parsed = candidates.iter().find_map(|candidate| {
            let (witness, found) = parse_witness(candidate, at, previous.as_ref(), config)?;
            let written = format_witness(&witness, config, &|id| category_label(config, id));
            (written == *candidate).then_some((candidate, witness, found))
        });
        match parsed {
            Some((candidate, witness, found)) => {
                previous = Some((witness.repository.clone(), witness.repository_ref.clone()));
                diagnostics.extend(found);
                witnesses.push(Witness {
                    span: Span::new(at, at + candidate.len()),
                    kind: WitnessKind::Parsed(witness),
                });
            }
            None => {
                let verbatim = candidates.first().copied().unwrap_or(segment);
                let span = Span::new(at, at + verbatim.len());
                diagnostics.push(if is_reference(verbatim) {
                    reference_diagnostic(span)
                } else {
                    unparsed_diagnostic(span)
                });
                witnesses.push(Witness {
                    span,
                    kind: WitnessKind::Unparsed(verbatim.to_string()),
                });
            }
        }
    }
    witnesses
}

/// Offset of a publication label (`config.conventions.publication_labels`) at
/// the start of `text` or after a space.
pub fn find_publication(text: &str, config: &Config) -> Option<usize> {
    let labels = &config.conventions.publication_labels;
    // The first letters of the labels, to skip most word starts at once.
    let initials: Vec<char> = labels.iter().filter_map(|l| l.chars().next()).collect();
    text.char_indices()
        .filter(|&(i, c)| (i == 0 || text[..i].ends_with(' ')) && initials.contains(&c))
        .map(|(i, _)| i)
        .find(|&i| {
            labels
                .iter()
                .any(|l| !l.is_empty() && text[i..].starts_with(l.as_str()))
        })
        // `Source: National Archives, …` is an archival citation, not a print.
        .filter(|&i| find_citation(&text[i..], config) != Some(0))
}

/// Parse a publication (`Published in: The Armenian Question at Geneva,
/// Yerevan, 1994, Document No. 40.`) into its label, `Title`, `PubPlace`,
/// `Date` (a year), `BiblScope` and the text between them (§7.2 rows 66–67).
/// Every byte of `text` is in exactly one inline.
pub fn parse_publication(text: &str, base: usize, config: &Config) -> Publication {
    let label_len = config
        .conventions
        .publication_labels
        .iter()
        .filter(|l| !l.is_empty() && text.starts_with(l.as_str()))
        .map(|l| {
            let rest = &text[l.len()..];
            l.len() + (rest.len() - rest.trim_start_matches(' ').len())
        })
        .max()
        .unwrap_or(0);
    let body_end = if text.ends_with('.') {
        text.len() - 1
    } else {
        text.len()
    };
    let body_start = label_len.min(body_end);
    let pieces = publication_pieces(&text[body_start..body_end], body_start);
    Publication {
        span: Span::new(base, base + text.len()),
        content: fill_gaps(text, base, pieces),
    }
}

/// Writes a parsed witness back in the source's conventions (docs/encoding.md §5.2):
/// `{repository}, f. {fond}, op. {opis}[, p. {papka}], d. {delo}, {range}` then
/// `. {status}`, `. {form}`, `. {certification}` — without the final `.` or `;`
/// that separates witnesses. `category_label` gives the printed label of a
/// category id. The reader uses it to check that a parse loses nothing; the text
/// exporter uses it to write citations.
///
/// An inherited repository is left out with its `, `; a part's label is its
/// printed one when recorded, else the first configured form; after a range
/// ending in `.` (`ob.`) the next item follows a space, not a second period.
pub fn format_witness(
    witness: &ParsedWitness,
    config: &Config,
    category_label: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !witness.inherited {
        parts.push(witness.repository.clone());
    }
    for part in &witness.shelfmark {
        let label = part
            .label
            .as_deref()
            .unwrap_or_else(|| shelfmark_labels(config, part.kind).first());
        parts.push(format!("{label} {}", part.value));
    }
    parts.push(witness.range.text.clone());
    let mut out = parts.join(", ");
    for id in &witness.categories {
        let label = category_label(id).unwrap_or_else(|| id.clone());
        push_item(&mut out, &label);
    }
    if let Some(certification) = &witness.certification {
        push_item(&mut out, &plain_text(certification));
    }
    out
}

/// The printed label of a witness category id (`status-copy` → `Copy`,
/// `form-typescript-typewritten` → `Typewritten`), from the config.
pub fn category_label(config: &Config, id: &str) -> Option<String> {
    // Only entries whose configured id starts the asked one can carry it, so
    // the variant ids (which need a lower-case label) are built only for them.
    let entries: Vec<&CategoryConfig> = category_entries(config).collect();
    entries
        .iter()
        .enumerate()
        .filter(|(_, e)| id.starts_with(e.id.as_str()))
        .find(|&(i, _)| category_id(&entries, i) == id)
        .map(|(_, e)| e.label.clone())
}

fn category_entries(config: &Config) -> impl Iterator<Item = &CategoryConfig> {
    config.witnesses.status.iter().chain(&config.witnesses.form)
}

/// The id of entry `i`: its configured id, or a variant id when an earlier
/// entry has the same id (the rule of [`witness_categories`]).
fn category_id(entries: &[&CategoryConfig], i: usize) -> String {
    let entry = entries[i];
    if entries[..i].iter().any(|e| e.id == entry.id) {
        format!(
            "{}-{}",
            entry.id,
            entry.label.to_lowercase().replace(' ', "-")
        )
    } else {
        entry.id.clone()
    }
}

/// Every configured witness label with its category id, statuses then forms.
/// An entry repeating an earlier id is a label variant: its id is
/// `{id}-{label in lower case}` (spaces as `-`).
pub fn witness_categories(config: &Config) -> Vec<(String, String)> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    let entries = config.witnesses.status.iter().chain(&config.witnesses.form);
    for entry in entries {
        let id = if seen.contains(&entry.id.as_str()) {
            format!(
                "{}-{}",
                entry.id,
                entry.label.to_lowercase().replace(' ', "-")
            )
        } else {
            seen.push(&entry.id);
            entry.id.clone()
        };
        out.push((entry.label.clone(), id));
    }
    out
}

/// `. item`, or ` item` after text that already ends in a period.
fn push_item(out: &mut String, item: &str) {
    out.push_str(if out.ends_with('.') { " " } else { ". " });
    out.push_str(item);
}

fn shelfmark_labels(config: &Config, kind: ShelfmarkKind) -> &Labels {
    let citations = &config.citations;
    match kind {
        ShelfmarkKind::Fond => &citations.fond,
        ShelfmarkKind::Opis => &citations.opis,
        ShelfmarkKind::Papka => &citations.papka,
        ShelfmarkKind::Delo => &citations.delo,
    }
}

fn reference_diagnostic(span: Span) -> Diagnostic {
    Diagnostic::advice(
        super::codes::CITATION_REFERENCE,
        span,
        "archival reference kept as printed",
    )
    .with_help(
        "a witness in <bibl type=\"witness\" subtype=\"unparsed\">; its parts follow no fond/opis/delo grammar",
    )
}

fn unparsed_diagnostic(span: Span) -> Diagnostic {
    Diagnostic::warning(UNPARSED, span, "archival citation could not be parsed").with_help(
        "kept verbatim in <bibl type=\"witness\" subtype=\"unparsed\">; expected \"ARCHIVE, f. N, op. N[, p. N], d. N, p. N[–N]. Status.\"",
    )
}

// ---------------------------------------------------------------------------
// Finding citations

/// Where the acronym ending `before` starts: a configured archive (longest
/// first), else a run of words of capitals; it must stand at the start or
/// after a space or `(`.
fn acronym_start(before: &str, config: &Config) -> Option<usize> {
    let mut known: Vec<&str> = config.archives.keys().map(String::as_str).collect();
    known.sort_by_key(|k| std::cmp::Reverse(k.len()));
    let known_start = known
        .iter()
        .filter(|k| !k.is_empty() && before.ends_with(*k))
        .map(|k| before.len() - k.len())
        .find(|&start| at_boundary(before, start));
    known_start.or_else(|| unknown_acronym_start(before))
}

fn at_boundary(text: &str, start: usize) -> bool {
    start == 0 || text[..start].ends_with([' ', '('])
}

/// The start of the run of capital words (separated by single spaces) that
/// ends `before`, when it has two letters or more.
fn unknown_acronym_start(before: &str) -> Option<usize> {
    let mut start = before.len();
    let mut letters = 0;
    while let Some(word_start) = capital_word_before(&before[..start]) {
        letters += before[word_start..start].chars().count();
        start = word_start;
        let joined = start > 0
            && before[..start].ends_with(' ')
            && capital_word_before(&before[..start - 1]).is_some();
        if !joined {
            break;
        }
        start -= 1;
    }
    (letters >= 2 && at_boundary(before, start)).then_some(start)
}

/// The start of the word of capitals ending `head`, if it ends in one.
fn capital_word_before(head: &str) -> Option<usize> {
    let word_start = head.rfind([' ', '(']).map_or(0, |i| i + 1);
    let word = &head[word_start..];
    (!word.is_empty() && word.chars().all(char::is_uppercase)).then_some(word_start)
}

/// `text` starts with one of `labels`' forms, a space and a value character.
fn starts_with_label_and_value<'a>(text: &str, labels: &'a Labels) -> Option<&'a str> {
    labels.forms().into_iter().find_map(|form| {
        let rest = text.strip_prefix(form)?.strip_prefix(' ')?;
        rest.starts_with(char::is_alphanumeric).then_some(form)
    })
}

/// `text` starts with a dotted label of `labels` and a digit right after it
/// (`f.1`): a shelfmark printed without spaces, found but not parsed.
fn starts_with_label_and_digit<'a>(text: &str, labels: &'a Labels) -> Option<&'a str> {
    labels.forms().into_iter().find_map(|form| {
        let rest = text.strip_prefix(form)?;
        (form.ends_with('.') && rest.starts_with(|c: char| c.is_ascii_digit())).then_some(form)
    })
}

// ---------------------------------------------------------------------------
// Parsing witnesses

/// The block split on `"; "`, with each segment's offset. A `; ` inside
/// quotation marks or parentheses belongs to a quoted inscription or a
/// remark (`записано: «Иванову - все; Петрову - в»`), not between witnesses.
fn split_witnesses(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut straight_quote = false;
    for (i, c) in text.char_indices() {
        match c {
            '«' | '“' | '(' => depth += 1,
            '»' | '”' | ')' => depth = depth.saturating_sub(1),
            '"' => straight_quote = !straight_quote,
            ';' if depth == 0 && !straight_quote && text[i + 1..].starts_with(' ') => {
                out.push((start, &text[start..i]));
                start = i + 2;
            }
            _ => {}
        }
    }
    out.push((start, &text[start..]));
    out
}

/// The text a segment's witness may have: the last one's final period ends the
/// block, unless it belongs to the range (`l. 21 ob.`), so both are tried.
fn witness_texts(segment: &str, last: bool) -> Vec<&str> {
    match segment.strip_suffix('.') {
        Some(stripped) if last => vec![stripped, segment],
        _ => vec![segment],
    }
}

/// A cursor over a witness's text that knows its absolute offset.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
    base: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }
    fn eat(&mut self, literal: &str) -> Option<()> {
        self.rest()
            .starts_with(literal)
            .then(|| self.pos += literal.len())
    }
    fn at_end(&self) -> bool {
        self.pos == self.text.len()
    }
    fn consumed(&self) -> &'a str {
        &self.text[..self.pos]
    }
    fn abs(&self, offset: usize) -> usize {
        self.base + offset
    }
}

fn parse_witness(
    text: &str,
    base: usize,
    previous: Option<&(String, String)>,
    config: &Config,
) -> Option<(ParsedWitness, Vec<Diagnostic>)> {
    let mut cur = Cursor { text, pos: 0, base };
    let mut diagnostics = Vec::new();
    let (repository, repository_ref, inherited) = match leading_acronym(text, config) {
        Some(acronym) => {
            if !config.archives.contains_key(acronym) {
                diagnostics.push(unknown_archive(acronym, cur.abs(0)));
            }
            cur.pos = acronym.len() + 2;
            (acronym.to_string(), repository_ref(acronym), false)
        }
        None => {
            starts_with_label_and_value(text, &config.citations.fond)?;
            let (repository, reference) = previous?;
            (repository.clone(), reference.clone(), true)
        }
    };
    let shelfmark = parse_shelfmark(&mut cur, config)?;
    let range = parse_range(&mut cur, config)?;
    let (categories, certification) = parse_items(&mut cur, config)?;
    let witness = ParsedWitness {
        repository,
        repository_ref,
        inherited,
        shelfmark,
        range,
        categories,
        certification,
    };
    Some((witness, diagnostics))
}

/// The archive acronym a witness starts with, when `, ` and a fond label follow.
fn leading_acronym<'a>(text: &'a str, config: &Config) -> Option<&'a str> {
    let (comma, _) = text.match_indices(", ").next()?;
    starts_with_label_and_value(&text[comma + 2..], &config.citations.fond)?;
    (acronym_start(&text[..comma], config) == Some(0)).then(|| &text[..comma])
}

/// `repo-` + the acronym in lower case, spaces as `-`.
fn repository_ref(acronym: &str) -> String {
    format!("repo-{}", acronym.to_lowercase().replace(' ', "-"))
}

fn unknown_archive(acronym: &str, at: usize) -> Diagnostic {
    Diagnostic::warning(
        UNKNOWN_ARCHIVE,
        Span::new(at, at + acronym.len()),
        format!("archive \"{acronym}\" is not in the edition config"),
    )
    .with_help("encoded without full name; add it under [archives]")
}

/// `f. N, op. N[, p. N], d. N, ` — the papka only between opis and delo.
fn parse_shelfmark(cur: &mut Cursor, config: &Config) -> Option<Vec<ShelfmarkPart>> {
    let fond = shelfmark_part(cur, config, ShelfmarkKind::Fond)?;
    cur.eat(", ")?;
    let opis = shelfmark_part(cur, config, ShelfmarkKind::Opis)?;
    let mut parts = vec![fond, opis];
    cur.eat(", ")?;
    match shelfmark_part(cur, config, ShelfmarkKind::Delo) {
        Some(delo) => parts.push(delo),
        None => {
            parts.push(shelfmark_part(cur, config, ShelfmarkKind::Papka)?);
            cur.eat(", ")?;
            parts.push(shelfmark_part(cur, config, ShelfmarkKind::Delo)?);
        }
    }
    cur.eat(", ")?;
    Some(parts)
}

/// `{label} {value}` for one shelfmark part; the label is kept when it is not
/// the first configured form.
fn shelfmark_part(cur: &mut Cursor, config: &Config, kind: ShelfmarkKind) -> Option<ShelfmarkPart> {
    let labels = shelfmark_labels(config, kind);
    let (form, value, len) = labelled_value(cur.rest(), labels)?;
    cur.pos += len;
    Some(ShelfmarkPart {
        kind,
        value: value.to_string(),
        label: (form != labels.first()).then(|| form.to_string()),
    })
}

/// The longest form of `labels` starting `text`, a space and a value of
/// letters and digits; returns the form, the value and the length consumed.
fn labelled_value<'a>(text: &'a str, labels: &'a Labels) -> Option<(&'a str, &'a str, usize)> {
    let mut forms = labels.forms();
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms
        .into_iter()
        .filter(|f| !f.is_empty())
        .find_map(|form| {
            let rest = text.strip_prefix(form)?.strip_prefix(' ')?;
            let value = value_prefix(rest)?;
            Some((form, value, form.len() + 1 + value.len()))
        })
}

/// The run of letters and digits starting `text` (not empty, with a digit).
fn value_prefix(text: &str) -> Option<&str> {
    let len = text
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(text.len(), |(i, _)| i);
    let value = &text[..len];
    value.chars().any(|c| c.is_ascii_digit()).then_some(value)
}

/// `{page|leaf label} N[ verso][–N[ verso]]`.
fn parse_range(cur: &mut Cursor, config: &Config) -> Option<CitedRange> {
    let citations = &config.citations;
    let start = cur.pos;
    let (unit, (_, first, len)) = labelled_value(cur.rest(), &citations.page)
        .map(|m| ("page", m))
        .or_else(|| labelled_value(cur.rest(), &citations.leaf).map(|m| ("leaf", m)))?;
    cur.pos += len;
    let from = format!("{first}{}", verso(cur, config));
    let to = match ["–", "—", "-"]
        .iter()
        .find(|dash| cur.rest().starts_with(**dash))
    {
        Some(dash) => {
            cur.pos += dash.len();
            let last = value_prefix(cur.rest())?;
            cur.pos += last.len();
            format!("{last}{}", verso(cur, config))
        }
        None => from.clone(),
    };
    Some(CitedRange {
        unit: unit.to_string(),
        from,
        to,
        text: cur.text[start..cur.pos].to_string(),
    })
}

/// `"v"` after eating a configured verso form, else `""`.
fn verso(cur: &mut Cursor, config: &Config) -> &'static str {
    let mut forms: Vec<&String> = config.citations.verso.iter().collect();
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    for form in forms {
        if form.is_empty() {
            continue;
        }
        let rest = cur.rest();
        // A form without a final period must end at a word boundary.
        let follows = rest.get(form.len()..).unwrap_or("");
        if rest.starts_with(form.as_str())
            && (form.ends_with('.') || !follows.starts_with(char::is_alphanumeric))
        {
            cur.pos += form.len();
            return "v";
        }
    }
    ""
}

/// After the range: status and form labels, then maybe a certification.
#[allow(clippy::type_complexity)]
fn parse_items(cur: &mut Cursor, config: &Config) -> Option<(Vec<String>, Option<Vec<Inline>>)> {
    let entries: Vec<&CategoryConfig> = category_entries(config).collect();
    let mut categories = Vec::new();
    while !cur.at_end() {
        cur.eat(if cur.consumed().ends_with('.') {
            " "
        } else {
            ". "
        })?;
        if let Some(certification) = certification(cur, config) {
            return Some((categories, Some(certification)));
        }
        let rest = cur.rest();
        let (i, entry) = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                let label = e.label.as_str();
                !label.is_empty()
                    && rest.starts_with(label)
                    && (rest.len() == label.len() || rest[label.len()..].starts_with(". "))
            })
            .max_by_key(|(_, e)| e.label.len())?;
        cur.pos += entry.label.len();
        categories.push(category_id(&entries, i));
    }
    Some((categories, None))
}

/// A certification pattern (`Copy certified by {text}`) covering the rest of
/// the witness: `Copy certified by the <roleName>Role</roleName>, <persName>Name</persName>`.
fn certification(cur: &mut Cursor, config: &Config) -> Option<Vec<Inline>> {
    let rest = cur.rest();
    let at = cur.abs(cur.pos);
    let content = config
        .conventions
        .certification
        .iter()
        .find_map(|pattern| {
            let (prefix, suffix) = pattern.split_once("{text}")?;
            if rest.len() <= prefix.len() + suffix.len() {
                return None;
            }
            let middle = rest.strip_prefix(prefix)?.strip_suffix(suffix)?;
            let mut content = certifier(middle, prefix, at);
            if !suffix.is_empty() {
                let end = at + rest.len();
                content.push(Inline::text(Span::new(end - suffix.len(), end), suffix));
            }
            Some(content)
        })?;
    cur.pos = cur.text.len();
    Some(content)
}

/// `[article ]Role, Name` after the pattern's `prefix`: the prefix and article
/// are text, the part before the last `, ` a role, the part after it a person.
fn certifier(middle: &str, prefix: &str, at: usize) -> Vec<Inline> {
    let article_len = middle
        .split_once(' ')
        .filter(|(word, _)| !word.is_empty() && word.chars().all(char::is_lowercase))
        .map_or(0, |(word, _)| word.len() + 1);
    let lead_len = prefix.len() + article_len;
    let mut content = vec![Inline::text(
        Span::new(at, at + lead_len),
        format!("{prefix}{}", &middle[..article_len]),
    )];
    let who = &middle[article_len..];
    let who_at = at + lead_len;
    let person = |text: &str, start: usize| {
        Inline::new(
            Span::new(start, start + text.len()),
            InlineKind::PersName {
                reference: None,
                content: vec![Inline::text(Span::new(start, start + text.len()), text)],
            },
        )
    };
    let role = |text: &str, start: usize| {
        let span = Span::new(start, start + text.len());
        Inline::new(span, InlineKind::RoleName(vec![Inline::text(span, text)]))
    };
    match who.rsplit_once(", ") {
        Some((role_text, name)) => {
            let comma = who_at + role_text.len();
            content.push(role(role_text, who_at));
            content.push(Inline::text(Span::new(comma, comma + 2), ", "));
            content.push(person(name, comma + 2));
        }
        None if who.is_empty() => {}
        None if article_len > 0 => content.push(role(who, who_at)),
        None => content.push(person(who, who_at)),
    }
    content
}

// ---------------------------------------------------------------------------
// Publications

/// A recognised part of a publication: its kind and its range in `text`.
type Piece = (usize, usize, InlineKind);

/// Title, place, year and scope of a publication body (label and final period
/// removed); `offset` is the body's offset in the publication text.
fn publication_pieces(body: &str, offset: usize) -> Vec<Piece> {
    let parts = split_with_offsets(body, ", ");
    let year_at = parts
        .iter()
        .skip(1)
        .position(|(_, p)| is_year(p))
        .map(|i| i + 1);
    let scope_at = parts
        .iter()
        .skip(1)
        .position(|(_, p)| bibl_scope(p).is_some())
        .map(|i| i + 1);
    let title_end = match (year_at, scope_at) {
        (Some(y), _) if y >= 2 => y - 1,
        (Some(y), _) => y,
        (None, Some(s)) => s,
        (None, None) => parts.len(),
    };
    let mut pieces = Vec::new();
    if let (Some((first, _)), Some((last, last_text))) =
        (parts.first(), parts.get(title_end.saturating_sub(1)))
        && title_end > 0
    {
        let (start, end) = (offset + first, offset + last + last_text.len());
        pieces.push((
            start,
            end,
            InlineKind::Title(body[*first..last + last_text.len()].to_string()),
        ));
    }
    for (i, (at, part)) in parts.iter().enumerate().skip(title_end) {
        let (start, end) = (offset + at, offset + at + part.len());
        let kind = if Some(i + 1) == year_at {
            Some(InlineKind::PubPlace(part.to_string()))
        } else if is_year(part) {
            Some(InlineKind::Date(DateValue {
                text: part.to_string(),
                when: Some(part.to_string()),
                ..DateValue::default()
            }))
        } else {
            bibl_scope(part)
        };
        if let Some(kind) = kind {
            pieces.push((start, end, kind));
        }
    }
    pieces
}

fn split_with_offsets<'a>(text: &'a str, separator: &str) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(separator) {
        out.push((start, &text[start..i]));
        start = i + separator.len();
    }
    out.push((start, &text[start..]));
    out
}

fn is_year(part: &str) -> bool {
    part.len() == 4 && part.bytes().all(|b| b.is_ascii_digit())
}

/// `Document No. 40` (document), `No. 16` (issue), `p. 12`/`pp. 12–14` (page),
/// `Vol. 3` (volume), each with a range.
fn bibl_scope(part: &str) -> Option<InlineKind> {
    const UNITS: [(&str, &str); 7] = [
        ("Document No. ", "document"),
        ("Doc. No. ", "document"),
        ("No. ", "issue"),
        ("pp. ", "page"),
        ("p. ", "page"),
        ("Vol. ", "volume"),
        ("vol. ", "volume"),
    ];
    UNITS.iter().find_map(|(label, unit)| {
        let range = part.strip_prefix(label)?;
        let (from, to) = match range.split_once(['–', '-']) {
            Some((from, to)) => (from, to),
            None => (range, range),
        };
        let plain = |v: &str| !v.is_empty() && v.chars().all(char::is_alphanumeric);
        (plain(from) && plain(to)).then(|| InlineKind::BiblScope {
            unit: unit.to_string(),
            from: from.to_string(),
            to: to.to_string(),
            text: part.to_string(),
        })
    })
}

/// The pieces in order, with the text between and around them as `Text`.
fn fill_gaps(text: &str, base: usize, pieces: Vec<Piece>) -> Vec<Inline> {
    let mut content = Vec::new();
    let mut pos = 0;
    for (start, end, kind) in pieces {
        if start > pos {
            content.push(Inline::text(
                Span::new(base + pos, base + start),
                &text[pos..start],
            ));
        }
        content.push(Inline::new(Span::new(base + start, base + end), kind));
        pos = end;
    }
    if pos < text.len() {
        content.push(Inline::text(
            Span::new(base + pos, base + text.len()),
            &text[pos..],
        ));
    }
    content
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::source::fixtures::fixture_line;

    /// Renders witnesses compactly, one per line; checks on the way that each
    /// witness's span covers the text it was read from and that a parsed
    /// witness formats back to exactly that text.
    fn render(
        source: &str,
        base: usize,
        witnesses: &[Witness],
        diagnostics: &[Diagnostic],
        config: &Config,
    ) -> String {
        let mut lines = Vec::new();
        for w in witnesses {
            let covered = &source[w.span.start - base..w.span.end - base];
            match &w.kind {
                WitnessKind::Unparsed(text) => {
                    assert_eq!(covered, text);
                    lines.push(format!("UNPARSED {text:?}"));
                }
                WitnessKind::Parsed(p) => {
                    let written = format_witness(p, config, &|id| category_label(config, id));
                    assert_eq!(written, covered, "round trip");
                    lines.push(render_parsed(p));
                }
            }
        }
        for d in diagnostics {
            let covered = &source[d.span.start - base..d.span.end - base];
            lines.push(format!("! {}@{covered:?} {}", d.code, d.message));
        }
        lines.join("\n")
    }

    fn render_parsed(p: &ParsedWitness) -> String {
        let mut out = format!(
            "{} [{}{}]",
            p.repository,
            p.repository_ref,
            if p.inherited { ", inherited" } else { "" }
        );
        for part in &p.shelfmark {
            match &part.label {
                Some(label) => {
                    out.push_str(&format!(" {}({label})={}", part.kind.as_str(), part.value))
                }
                None => out.push_str(&format!(" {}={}", part.kind.as_str(), part.value)),
            }
        }
        let r = &p.range;
        out.push_str(&format!(" | {} {}–{} {:?}", r.unit, r.from, r.to, r.text));
        if !p.categories.is_empty() {
            out.push_str(&format!(" | {}", p.categories.join(" ")));
        }
        if let Some(cert) = &p.certification {
            out.push_str(" | cert:");
            render_inlines(cert, &mut out);
        }
        out
    }

    fn render_inlines(content: &[Inline], out: &mut String) {
        for inline in content {
            match &inline.kind {
                InlineKind::Text(t) => out.push_str(&format!(" {t:?}")),
                InlineKind::RoleName(c) => {
                    out.push_str(" role(");
                    render_inlines(c, out);
                    out.push_str(" )");
                }
                InlineKind::PersName { reference, content } => {
                    out.push_str(&format!(" pers{reference:?}("));
                    render_inlines(content, out);
                    out.push_str(" )");
                }
                InlineKind::Title(t) => out.push_str(&format!(" title({t})")),
                InlineKind::PubPlace(t) => out.push_str(&format!(" pubPlace({t})")),
                InlineKind::Date(d) => {
                    out.push_str(&format!(" date({} when={:?})", d.text, d.when))
                }
                InlineKind::BiblScope {
                    unit,
                    from,
                    to,
                    text,
                } => out.push_str(&format!(" scope({unit} {from}–{to} {text:?})")),
                other => out.push_str(&format!(" {other:?}")),
            }
        }
    }

    /// Every inline's span covers exactly its plain text, nested ones included.
    fn assert_spans(source: &str, base: usize, content: &[Inline]) {
        for inline in content {
            let covered = &source[inline.span.start - base..inline.span.end - base];
            assert_eq!(covered, plain_text(std::slice::from_ref(inline)));
            match &inline.kind {
                InlineKind::RoleName(c) | InlineKind::PersName { content: c, .. } => {
                    assert_spans(source, base, c)
                }
                _ => {}
            }
        }
    }

    fn check_with(config: &Config, block: &str, expect: &str) {
        let base = 1000;
        let mut diagnostics = Vec::new();
        let witnesses = parse_witnesses(block, base, config, &mut diagnostics);
        for w in &witnesses {
            if let WitnessKind::Parsed(ParsedWitness {
                certification: Some(c),
                ..
            }) = &w.kind
            {
                assert_spans(block, base, c);
            }
        }
        let got = render(block, base, &witnesses, &diagnostics, config);
        assert_eq!(got, expect, "block: {block}");
    }

    fn check(block: &str, expect: &str) {
        check_with(&Config::builtin(), block, expect);
    }

    #[test]
    fn single_witness_with_status() {
        check(
            "RGASPI, f. 64, op. 1, d. 21, p. 136. Copy.",
            r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 136–136 "p. 136" | status-copy"#,
        );
    }

    #[test]
    fn papka_leading_zero_and_verso() {
        check(
            "RGASPI, f. 64, op. 1, d. 21, pp. 192–193. Copy; AVPR, f. 04, op. 51, p. 321a, d. 54870, pp. 10–10 verso. Draft.",
            r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 192–193 "pp. 192–193" | status-copy
AVPR [repo-avpr] fond=04 opis=51 papka=321a delo=54870 | page 10–10v "pp. 10–10 verso" | status-draft"#,
        );
    }

    #[test]
    fn inherited_repository() {
        check(
            "RGASPI, f. 64, op. 1, d. 21, pp. 199–200. Copy; AVPR, f. 148, op. 3, p. 1, d. 5, pp. 9–10. Original; f. 04, op. 51, p. 321a, d. 54870, pp. 8–9. Draft.",
            r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 199–200 "pp. 199–200" | status-copy
AVPR [repo-avpr] fond=148 opis=3 papka=1 delo=5 | page 9–10 "pp. 9–10" | status-original
AVPR [repo-avpr, inherited] fond=04 opis=51 papka=321a delo=54870 | page 8–9 "pp. 8–9" | status-draft"#,
        );
        // With nothing to inherit from, the witness does not parse.
        check(
            "f. 04, op. 51, d. 5, p. 8.",
            r#"UNPARSED "f. 04, op. 51, d. 5, p. 8"
! teikit::citation::unparsed@"f. 04, op. 51, d. 5, p. 8" archival citation could not be parsed"#,
        );
    }

    #[test]
    fn certification_note() {
        check(
            "NA RA, f. 200, op. 1, d. 628, pp. 8–10. Certified copy. Typescript. Copy certified by the Secretary of the Permanent Mission of the RSFSR in Armenia, L. Schiffers.",
            r#"NA RA [repo-na-ra] fond=200 opis=1 delo=628 | page 8–10 "pp. 8–10" | status-certified-copy form-typescript | cert: "Copy certified by the " role( "Secretary of the Permanent Mission of the RSFSR in Armenia" ) ", " persNone( "L. Schiffers" )"#,
        );
    }

    #[test]
    fn english_labels_and_label_variant() {
        check(
            "NA RA, Fund 276, Inventory 1, File 57, Leaf 3. Typewritten.",
            r#"NA RA [repo-na-ra] fond(Fund)=276 opis(Inventory)=1 delo(File)=57 | leaf 3–3 "Leaf 3" | form-typescript-typewritten"#,
        );
        check(
            "NA RA, Fund 276, Inventory 1, File 61, Leaves 14–15. Original.",
            r#"NA RA [repo-na-ra] fond(Fund)=276 opis(Inventory)=1 delo(File)=61 | leaf 14–15 "Leaves 14–15" | status-original"#,
        );
    }

    #[test]
    fn leaves_ob_no_doubled_period() {
        check(
            "RGASPI, f. 372, op. 3, d. 118, ll. 5–6 ob. Copy. Typewritten.",
            r#"RGASPI [repo-rgaspi] fond=372 opis=3 delo=118 | leaf 5–6v "ll. 5–6 ob." | status-copy form-typescript-typewritten"#,
        );
        // Parenthesized: the caller stripped the parentheses; the range's
        // period is the range's, not a separator.
        check(
            "AVPR, f. 132, op. 4, p. 17, d. 288, l. 21 ob.",
            r#"AVPR [repo-avpr] fond=132 opis=4 papka=17 delo=288 | leaf 21v–21v "l. 21 ob.""#,
        );
        // A last witness ending in ob. followed by the block's period would be
        // "ob.." in the source; one period serves both.
        check(
            "RGVA, f. 1, op. 2, d. 3, l. 4 ob.; RGVA, f. 1, op. 2, d. 3, l. 5.",
            r#"RGVA [repo-rgva] fond=1 opis=2 delo=3 | leaf 4v–4v "l. 4 ob."
RGVA [repo-rgva] fond=1 opis=2 delo=3 | leaf 5–5 "l. 5""#,
        );
    }

    #[test]
    fn parenthesized_without_final_period() {
        check(
            "RGVA, f. 6, op. 10, d. 303, p. 129",
            r#"RGVA [repo-rgva] fond=6 opis=10 delo=303 | page 129–129 "p. 129""#,
        );
    }

    #[test]
    fn unknown_archive_is_parsed_with_a_warning() {
        let config = Config::builtin();
        let mut diagnostics = Vec::new();
        let block = "GARF, f. 130, op. 4, d. 5, l. 7. Copy; TsGA RA, f. 1, op. 1, d. 1, l. 1.";
        let witnesses = parse_witnesses(block, 0, &config, &mut diagnostics);
        // A mixed-case acronym is not an unknown archive: that witness stays verbatim.
        assert!(matches!(&witnesses[0].kind, WitnessKind::Parsed(p) if p.repository == "GARF"));
        assert_eq!(
            witnesses[1].kind,
            WitnessKind::Unparsed("TsGA RA, f. 1, op. 1, d. 1, l. 1".into())
        );
        check(
            "GARF, f. 130, op. 4, d. 5, l. 7. Copy; GA RF, f. 1, op. 1, d. 1, l. 1.",
            r#"GARF [repo-garf] fond=130 opis=4 delo=5 | leaf 7–7 "l. 7" | status-copy
GA RF [repo-ga-rf] fond=1 opis=1 delo=1 | leaf 1–1 "l. 1"
! teikit::citation::unknown-archive@"GARF" archive "GARF" is not in the edition config
! teikit::citation::unknown-archive@"GA RF" archive "GA RF" is not in the edition config"#,
        );
        let mut diagnostics = Vec::new();
        parse_witnesses(
            "GARF, f. 1, op. 1, d. 1, l. 1.",
            0,
            &config,
            &mut diagnostics,
        );
        assert_eq!(diagnostics[0].severity, Severity::Warning);
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("encoded without full name; add it under [archives]")
        );
        // Once configured, no warning.
        let config = Config::from_toml(
            "[archives]\nGARF = { name = \"State Archive of the Russian Federation\" }\n",
        )
        .unwrap();
        check_with(
            &config,
            "GARF, f. 130, op. 4, d. 5, l. 7.",
            r#"GARF [repo-garf] fond=130 opis=4 delo=5 | leaf 7–7 "l. 7""#,
        );
    }

    #[test]
    fn unparsed_blocks_keep_every_byte() {
        check(
            "RGASPI, f. 64, d. 21, l. 5.",
            r#"UNPARSED "RGASPI, f. 64, d. 21, l. 5"
! teikit::citation::unparsed@"RGASPI, f. 64, d. 21, l. 5" archival citation could not be parsed"#,
        );
        // An unknown status: the witness would not write back, so it is kept verbatim.
        check(
            "RGASPI, f. 64, op. 1, d. 21, p. 5. Photocopy; RGVA, f. 6, op. 10, d. 303, p. 126.",
            r#"UNPARSED "RGASPI, f. 64, op. 1, d. 21, p. 5. Photocopy"
RGVA [repo-rgva] fond=6 opis=10 delo=303 | page 126–126 "p. 126"
! teikit::citation::unparsed@"RGASPI, f. 64, op. 1, d. 21, p. 5. Photocopy" archival citation could not be parsed"#,
        );
        // Doubled spaces would not write back either.
        check(
            "RGVA,  f. 6, op. 10, d. 303, p. 126.",
            r#"UNPARSED "RGVA,  f. 6, op. 10, d. 303, p. 126"
! teikit::citation::unparsed@"RGVA,  f. 6, op. 10, d. 303, p. 126" archival citation could not be parsed"#,
        );
        let mut diagnostics = Vec::new();
        parse_witnesses(
            "RGASPI, f. 64, d. 21, l. 5.",
            0,
            &Config::builtin(),
            &mut diagnostics,
        );
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some(
                "kept verbatim in <bibl type=\"witness\" subtype=\"unparsed\">; expected \"ARCHIVE, f. N, op. N[, p. N], d. N, p. N[–N]. Status.\""
            )
        );
    }

    #[test]
    fn format_uses_first_labels_unless_recorded() {
        let config = Config::builtin();
        let mut diagnostics = Vec::new();
        let witnesses = parse_witnesses(
            "NA RA, Fund 276, Inventory 1, File 57, Leaf 3. Typewritten.",
            0,
            &config,
            &mut diagnostics,
        );
        let WitnessKind::Parsed(mut witness) = witnesses[0].kind.clone() else {
            panic!()
        };
        for part in &mut witness.shelfmark {
            part.label = None;
        }
        witness.inherited = true;
        let label = |id: &str| category_label(&config, id);
        assert_eq!(
            format_witness(&witness, &config, &label),
            "f. 276, op. 1, d. 57, Leaf 3. Typewritten"
        );
        // A category the closure does not know is written as its id.
        assert_eq!(
            format_witness(&witness, &config, &|_| None),
            "f. 276, op. 1, d. 57, Leaf 3. form-typescript-typewritten"
        );
    }

    #[test]
    fn russian_labels_parse_and_round_trip() {
        let config = Config::builtin();
        let text = "РГАСПИ, ф. 17, оп. 3, д. 100, лл. 1–2 об. Подлинник. Машинопись.";
        let mut diagnostics = Vec::new();
        let items = parse_witnesses(text, 0, &config, &mut diagnostics);
        assert_eq!(items.len(), 1);
        let WitnessKind::Parsed(w) = &items[0].kind else {
            panic!("not parsed: {items:?} {diagnostics:?}");
        };
        assert_eq!(w.range.unit, "leaf");
        assert_eq!((w.range.from.as_str(), w.range.to.as_str()), ("1", "2v"));
        assert_eq!(
            w.categories,
            ["status-original-подлинник", "form-typescript-машинопись"]
        );
    }

    #[test]
    fn references_are_witnesses_kept_as_printed() {
        let config = Config::builtin();
        for (text, count) in [
            (
                "РГАСПИ. Ф. 17. Оп. 3. Д. 100. Л. 1–2. Подлинник. Машинопись.",
                1,
            ),
            (
                "Source: National Archives, RG 59, Central Files, 611.61/1–2056. Secret.",
                1,
            ),
            (
                "AVP RF, f. 059a, op. 5a, p. 4, d. 11, ll. 89–92; RGASPI. Ф. 558. Оп. 11. Д. 342.",
                2,
            ),
            ("File No. 861.00/1120", 1),
        ] {
            assert_eq!(find_citation(text, &config), Some(0), "{text}");
            assert_eq!(find_publication(text, &config), None, "{text}");
            let mut diagnostics = Vec::new();
            let items = parse_witnesses(text, 0, &config, &mut diagnostics);
            assert_eq!(items.len(), count, "{text}");
            // Nothing is lost: the last witness reaches the end (maybe without its period).
            let end = items.last().unwrap().span.end;
            assert!(end + 1 >= text.len(), "{text}");
        }
        // A reference that does not parse is advice, not a warning.
        let mut diagnostics = Vec::new();
        parse_witnesses("File No. 861.00/1120", 0, &config, &mut diagnostics);
        assert_eq!(
            diagnostics[0].code,
            crate::source::codes::CITATION_REFERENCE
        );
        // A shelfmark without spaces is found (and kept as printed).
        let text = "“Memo,” July 3, 1956, Program Digital Archive, GAPPOD, f.1, op.89, d.203.";
        assert_eq!(find_citation(text, &config), text.find("GAPPOD"));
        // Printed sources stay publications.
        for text in [
            "Печатается по подлиннику.",
            "Original Source: Sbornik dokumentov, 1920.",
            "Source: Lenin Collected Works, Progress Publishers, 1965.",
        ] {
            assert_eq!(find_publication(text, &config), Some(0), "{text}");
            assert_eq!(find_citation(text, &config), None, "{text}");
        }
    }

    #[test]
    fn categories_and_their_labels() {
        let config = Config::builtin();
        let ids: Vec<String> = witness_categories(&config)
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        assert_eq!(
            ids,
            [
                "status-copy",
                "status-original",
                "status-draft",
                "status-certified-copy",
                // Russian labels are label variants of the same categories.
                "status-original-подлинник",
                "status-copy-копия",
                "status-certified-copy-заверенная-копия",
                "status-certified-copy-завер.-копия",
                "form-typescript",
                "form-autograph",
                "form-manuscript",
                "form-typescript-typewritten",
                "form-typescript-машинопись",
                "form-autograph-автограф",
                "form-manuscript-рукопись",
            ]
        );
        assert_eq!(
            category_label(&config, "status-certified-copy").as_deref(),
            Some("Certified copy")
        );
        assert_eq!(
            category_label(&config, "form-typescript-typewritten").as_deref(),
            Some("Typewritten")
        );
        assert_eq!(category_label(&config, "nope"), None);
    }

    #[test]
    fn find_citation_starts() {
        let config = Config::builtin();
        fn find<'a>(t: &'a str, config: &Config) -> Option<&'a str> {
            find_citation(t, config).map(|i| &t[i..])
        }
        let find = |t: &'static str| find(t, &config);
        assert_eq!(
            find("No. 159. RGASPI, f. 558, op. 1, d. 5224, p. 1. Copy."),
            Some("RGASPI, f. 558, op. 1, d. 5224, p. 1. Copy.")
        );
        assert_eq!(find("NA RA, f. 200, op. 1"), Some("NA RA, f. 200, op. 1"));
        assert_eq!(
            find("—Arzumanov (AVPR, f. 132, op. 4)"),
            Some("AVPR, f. 132, op. 4)")
        );
        assert_eq!(
            find("text NA RA, Fund 276, Inventory 1"),
            Some("NA RA, Fund 276, Inventory 1")
        );
        assert_eq!(
            find("signed. GA RF, f. 1, op. 1"),
            Some("GA RF, f. 1, op. 1")
        );
        assert_eq!(find("in the USSR NA RA, f. 1"), Some("NA RA, f. 1"));
        // No fond label, a glued acronym, lower-case words, a single capital: none.
        assert_eq!(find("RGASPI, op. 1, d. 21"), None);
        assert_eq!(find("xRGASPI, f. 64"), None);
        assert_eq!(find("the Secretary, f. 64"), None);
        assert_eq!(find("Plan A, f. 64"), None);
        assert_eq!(find("RGASPI, f."), None);
        assert_eq!(find(""), None);
    }

    /// The citation block of a fixture line as the reader would cut it: from
    /// `find_citation` to the end of `block_end` (the first occurrence of it).
    fn block_of<'a>(line: &'a str, block_end: &str) -> (usize, &'a str) {
        let start = find_citation(line, &Config::builtin()).expect("citation");
        let end = start + line[start..].find(block_end).expect("block end") + block_end.len();
        (start, &line[start..end])
    }

    /// Every witness of the §4 inventory (18), read where it stands in the file.
    #[test]
    fn every_witness_of_the_sample() {
        let text = include_str!("../../../tests/fixtures/barsegov-555-570.txt");
        let config = Config::builtin();
        let cases: [(usize, &str, &str); 15] = [
            (
                3,
                "Schiffers.",
                r#"NA RA [repo-na-ra] fond=200 opis=1 delo=628 | page 8–10 "pp. 8–10" | status-certified-copy form-typescript | cert: "Copy certified by the " role( "Secretary of the Permanent Mission of the RSFSR in Armenia" ) ", " persNone( "L. Schiffers" )"#,
            ),
            (
                6,
                "p. 43.",
                r#"RGVA [repo-rgva] fond=195 opis=11 delo=24 | page 43–43 "p. 43""#,
            ),
            (
                9,
                "Draft.",
                r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 192–193 "pp. 192–193" | status-copy
AVPR [repo-avpr] fond=04 opis=51 papka=321a delo=54870 | page 10–10v "pp. 10–10 verso" | status-draft"#,
            ),
            (
                12,
                "Copy.",
                r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 136–136 "p. 136" | status-copy"#,
            ),
            (
                15,
                "p. 129.",
                r#"RGVA [repo-rgva] fond=6 opis=10 delo=303 | page 129–129 "p. 129""#,
            ),
            (
                18,
                "pp. 8–9. Draft.",
                r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 199–200 "pp. 199–200" | status-copy
AVPR [repo-avpr] fond=148 opis=3 papka=1 delo=5 | page 9–10 "pp. 9–10" | status-original
AVPR [repo-avpr, inherited] fond=04 opis=51 papka=321a delo=54870 | page 8–9 "pp. 8–9" | status-draft"#,
            ),
            (
                23,
                "Copy.",
                r#"AVPR [repo-avpr] fond=04 opis=39 papka=232 delo=54987 | page 42–44 "pp. 42–44" | status-copy"#,
            ),
            (
                26,
                "Copy.",
                r#"RGASPI [repo-rgaspi] fond=558 opis=1 delo=5224 | page 1–1 "p. 1" | status-copy"#,
            ),
            (
                31,
                "Autograph.",
                r#"RGASPI [repo-rgaspi] fond=558 opis=1 delo=1987 | page 1–1 "p. 1" | status-original form-autograph"#,
            ),
            (
                34,
                "Certified copy.",
                r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 203–203 "p. 203" | status-certified-copy"#,
            ),
            (
                37,
                "Copy.",
                r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 214–215 "pp. 214–215" | status-copy"#,
            ),
            (
                40,
                "Copy.",
                r#"RGASPI [repo-rgaspi] fond=64 opis=1 delo=21 | page 207–207 "p. 207" | status-copy"#,
            ),
            (
                43,
                "Original.",
                r#"RGASPI [repo-rgaspi] fond=85 opis=13 delo=85 | page 5–5 "p. 5" | status-original"#,
            ),
            (
                46,
                "p. 126.",
                r#"RGVA [repo-rgva] fond=6 opis=10 delo=303 | page 126–126 "p. 126""#,
            ),
            (
                49,
                "p. 278.",
                r#"RGVA [repo-rgva] fond=109 opis=3 delo=80 | page 278–278 "p. 278""#,
            ),
        ];
        let mut total = 0;
        for (n, block_end, expect) in cases {
            let (line, line_base) = fixture_line(text, n);
            let (start, block) = block_of(line, block_end);
            let base = line_base + start;
            let mut diagnostics = Vec::new();
            let witnesses = parse_witnesses(block, base, &config, &mut diagnostics);
            total += witnesses.len();
            assert_eq!(
                render(text, 0, &witnesses, &diagnostics, &config),
                expect,
                "L{n}"
            );
        }
        assert_eq!(total, 18);
    }

    /// Every witness of the §7.5 inventory of variants.txt.
    #[test]
    fn every_witness_of_the_variants() {
        let text = include_str!("../../../tests/fixtures/variants.txt");
        let config = Config::builtin();
        let cases: [(usize, &str, &str); 6] = [
            (
                23,
                "Typewritten.",
                r#"NA RA [repo-na-ra] fond(Fund)=276 opis(Inventory)=1 delo(File)=57 | leaf 3–3 "Leaf 3" | form-typescript-typewritten"#,
            ),
            (
                45,
                "Manuscript.",
                r#"RGVA [repo-rgva] fond=1273 opis=2 delo=81 | leaf 58–58 "l. 58" | form-manuscript"#,
            ),
            (
                50,
                "ob.",
                r#"AVPR [repo-avpr] fond=132 opis=4 papka=17 delo=288 | leaf 21v–21v "l. 21 ob.""#,
            ),
            (
                65,
                "Original.",
                r#"NA RA [repo-na-ra] fond(Fund)=276 opis(Inventory)=1 delo(File)=61 | leaf 14–15 "Leaves 14–15" | status-original"#,
            ),
            (
                108,
                "Typewritten.",
                r#"RGASPI [repo-rgaspi] fond=372 opis=3 delo=118 | leaf 5–6v "ll. 5–6 ob." | status-copy form-typescript-typewritten"#,
            ),
            (
                121,
                "Autograph.",
                r#"NA RA [repo-na-ra] fond=276 opis=1 delo=64 | leaf 2–2 "l. 2" | status-original form-autograph"#,
            ),
        ];
        for (n, block_end, expect) in cases {
            let (line, line_base) = fixture_line(text, n);
            let (start, block) = block_of(line, block_end);
            let base = line_base + start;
            let mut diagnostics = Vec::new();
            let witnesses = parse_witnesses(block, base, &config, &mut diagnostics);
            assert_eq!(
                render(text, 0, &witnesses, &diagnostics, &config),
                expect,
                "V{n}"
            );
        }
        // V50: the citation starts after "(", at V50:45.
        let (line, _) = fixture_line(text, 50);
        let start = find_citation(line, &config).unwrap();
        assert_eq!(line[..start].chars().count(), 44);
        assert!(line[..start].ends_with('('));
    }

    /// Only the tail lines of the two samples hold a citation start.
    #[test]
    fn citations_found_on_tail_lines_only() {
        let config = Config::builtin();
        let lines_with_citation = |text: &str| -> Vec<usize> {
            text.split('\n')
                .enumerate()
                .filter(|(_, line)| find_citation(line, &config).is_some())
                .map(|(i, _)| i + 1)
                .collect()
        };
        assert_eq!(
            lines_with_citation(include_str!("../../../tests/fixtures/barsegov-555-570.txt")),
            [3, 6, 9, 12, 15, 18, 23, 26, 31, 34, 37, 40, 43, 46, 49]
        );
        assert_eq!(
            lines_with_citation(include_str!("../../../tests/fixtures/variants.txt")),
            [23, 45, 50, 65, 108, 121]
        );
        let lines_with_publication = |text: &str| -> Vec<usize> {
            text.split('\n')
                .enumerate()
                .filter(|(_, line)| find_publication(line, &config).is_some())
                .map(|(i, _)| i + 1)
                .collect()
        };
        let none: [usize; 0] = [];
        assert_eq!(
            lines_with_publication(include_str!("../../../tests/fixtures/barsegov-555-570.txt")),
            none
        );
        assert_eq!(
            lines_with_publication(include_str!("../../../tests/fixtures/variants.txt")),
            [67, 92]
        );
    }

    fn check_publication(text: &str, expect: &str) {
        let config = Config::builtin();
        let base = 500;
        let publication = parse_publication(text, base, &config);
        assert_eq!(publication.span, Span::new(base, base + text.len()));
        assert_spans(text, base, &publication.content);
        // Lossless: the pieces are contiguous and cover the whole text.
        let mut pos = base;
        for inline in &publication.content {
            assert_eq!(inline.span.start, pos);
            pos = inline.span.end;
        }
        assert_eq!(pos, base + text.len());
        let mut got = String::new();
        render_inlines(&publication.content, &mut got);
        assert_eq!(got.trim_start(), expect, "publication: {text}");
    }

    #[test]
    fn publications_of_the_variants() {
        check_publication(
            "Published in: The Armenian Question at Geneva, Yerevan, 1994, Document No. 40.",
            r#""Published in: " title(The Armenian Question at Geneva) ", " pubPlace(Yerevan) ", " date(1994 when=Some("1994")) ", " scope(document 40–40 "Document No. 40") ".""#,
        );
        check_publication(
            "Source: Diplomatic Archive Review, 1991, No. 16.",
            r#""Source: " title(Diplomatic Archive Review) ", " date(1991 when=Some("1991")) ", " scope(issue 16–16 "No. 16") ".""#,
        );
        let text = include_str!("../../../tests/fixtures/variants.txt");
        let (line, base) = fixture_line(text, 67);
        let publication = parse_publication(line, base, &Config::builtin());
        assert_eq!(
            &text[publication.content[1].span.start..publication.content[1].span.end],
            "The Armenian Question at Geneva"
        );
    }

    #[test]
    fn publication_odd_shapes() {
        check_publication(
            "Published in: Armenia, Turkey and the Powers, Yerevan, 1994, pp. 12–14.",
            r#""Published in: " title(Armenia, Turkey and the Powers) ", " pubPlace(Yerevan) ", " date(1994 when=Some("1994")) ", " scope(page 12–14 "pp. 12–14") ".""#,
        );
        check_publication(
            "Source: A Review of Things",
            r#""Source: " title(A Review of Things)"#,
        );
        check_publication(
            "Source: Review, Vol. 3, somewhere",
            r#""Source: " title(Review) ", " scope(volume 3–3 "Vol. 3") ", somewhere""#,
        );
        for odd in ["", ".", "Source:", "Source: .", "Published in: , , 1994, ."] {
            let p = parse_publication(odd, 0, &Config::builtin());
            assert_eq!(plain_text(&p.content), odd);
        }
    }

    #[test]
    fn find_publication_starts() {
        let config = Config::builtin();
        let find = |t: &str| find_publication(t, &config);
        assert_eq!(find("Published in: X, 1994."), Some(0));
        assert_eq!(
            find("RGVA, f. 1, op. 1, d. 1, l. 1. Source: X, 1991."),
            Some(31)
        );
        assert_eq!(find("Open Source: X"), Some(5));
        assert_eq!(find("OpenSource: X"), None);
        assert_eq!(find("nothing here"), None);
    }

    #[test]
    fn witnesses_split_on_semicolons_outside_quotes() {
        let check = |text: &str, expect: &[&str]| {
            let got: Vec<&str> = split_witnesses(text).into_iter().map(|(_, s)| s).collect();
            assert_eq!(got, expect, "{text:?}");
        };
        check("A, f. 1; B, f. 2", &["A, f. 1", "B, f. 2"]);
        check(
            "ГАРФ. Ф. 1. Оп. 2. Д. 3. Л. 4. Записано: «Иванову - все; Петрову - в».",
            &["ГАРФ. Ф. 1. Оп. 2. Д. 3. Л. 4. Записано: «Иванову - все; Петрову - в»."],
        );
        check(
            "A, f. 1 (copy; draft); B, f. 2 \"x; y\"",
            &["A, f. 1 (copy; draft)", "B, f. 2 \"x; y\""],
        );
        check("A, f. 1;B", &["A, f. 1;B"]);
    }

    #[test]
    fn odd_blocks_do_not_panic() {
        let config = Config::builtin();
        for block in [
            "",
            ".",
            ";",
            "; ",
            "; ;",
            "RGASPI, f. ",
            "RGASPI, f. 1, op. 1, d. 1, p. 1–",
            "RGASPI, f. 1, op. 1, d. 1, p. 1. ",
            "(",
            "Å, f. 1",
            "RGASPI, f. 1, op. 1, d. 1, p. 1. Copy certified by .",
        ] {
            let mut diagnostics = Vec::new();
            let witnesses = parse_witnesses(block, 0, &config, &mut diagnostics);
            let covered: usize = witnesses.iter().map(|w| w.span.len()).sum();
            assert!(covered <= block.len());
            let _ = find_citation(block, &config);
            let _ = find_publication(block, &config);
        }
    }

    mod properties {
        use super::*;
        use crate::source::fixtures::text_of;
        use proptest::prelude::*;

        /// Citation pieces, so that the parser gets far.
        const PIECES: &[&str] = &[
            "RGASPI",
            "NA RA",
            "GARF",
            "f.",
            "Fund",
            "op.",
            "p.",
            "pp.",
            "d.",
            "l.",
            "ll.",
            "Leaf",
            " ",
            ", ",
            ". ",
            "; ",
            ".",
            "–",
            "-",
            "12",
            "04",
            "321a",
            " ob.",
            " verso",
            "Copy",
            "Certified copy",
            "Typewritten",
            "Copy certified by the ",
            "Chief",
            "X. Y",
            "(",
            "é",
        ];

        proptest! {
            #[test]
            fn witnesses_cover_their_text_and_write_back(text in text_of(PIECES, 24)) {
                let config = Config::builtin();
                let mut diagnostics = Vec::new();
                let witnesses = parse_witnesses(&text, 7, &config, &mut diagnostics);
                for w in &witnesses {
                    let covered = &text[w.span.start - 7..w.span.end - 7];
                    match &w.kind {
                        WitnessKind::Unparsed(t) => prop_assert_eq!(covered, t.as_str()),
                        WitnessKind::Parsed(p) => prop_assert_eq!(
                            format_witness(p, &config, &|id| category_label(&config, id)),
                            covered
                        ),
                    }
                }
                let _ = find_citation(&text, &config);
                let p = parse_publication(&text, 0, &config);
                prop_assert_eq!(plain_text(&p.content), text);
            }
        }
    }
}
