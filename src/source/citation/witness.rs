//! Parsing a citation block into witnesses: split on `; `, read each
//! `ARCHIVE, f. N, op. N[, p. N], d. N, RANGE[. Status][. Form][. Certification]`
//! and keep it parsed only when it writes back exactly as printed.

use super::find::{acronym_start, starts_with_label_and_value};
use super::format::{
    category_entries, category_id, category_label, format_witness, shelfmark_labels,
};
use super::reference::is_reference;
use crate::config::{CategoryConfig, Config, Labels};
use crate::diagnostic::Diagnostic;
use crate::model::{
    CitedRange, Inline, InlineKind, ParsedWitness, ShelfmarkKind, ShelfmarkPart, Span, Witness,
    WitnessKind,
};
use crate::source::codes::{CITATION_REFERENCE, CITATION_UNPARSED, UNKNOWN_ARCHIVE};

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
fn reference_diagnostic(span: Span) -> Diagnostic {
    Diagnostic::advice(
        CITATION_REFERENCE,
        span,
        "archival reference kept as printed",
    )
    .with_help(
        "a witness in <bibl type=\"witness\" subtype=\"unparsed\">; its parts follow no fond/opis/delo grammar",
    )
}

fn unparsed_diagnostic(span: Span) -> Diagnostic {
    Diagnostic::warning(CITATION_UNPARSED, span, "archival citation could not be parsed").with_help(
        "kept verbatim in <bibl type=\"witness\" subtype=\"unparsed\">; expected \"ARCHIVE, f. N, op. N[, p. N], d. N, p. N[–N]. Status.\"",
    )
}

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
