//! Classifies body lines: paragraphs, list items, dialogue turns with their
//! speakers, omissions standing alone (docs/encoding.md §2.1 rule 6; §7.1 rules 18–19).

use std::sync::LazyLock;

use regex::Regex;

use super::conventions::Conventions;
use super::title::Piece;

/// The kind of list marker an item had; items of one kind form one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Dash,
    Bullet,
    Number,
}

/// A speaker label and the turn that follows it, as byte ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    pub label: (usize, usize),
    pub content: (usize, usize),
    pub speaker: Speaker,
    pub run_in: bool,
}

/// What a speaker label says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// `@who` (lower case).
    pub who: String,
    /// The name for `listPerson`.
    pub name: String,
    /// `L[egran]`: the printed abbreviation and the expansion.
    pub expansion: Option<(String, String)>,
    pub is_role: bool,
    pub affiliation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Draft {
    Paragraph((usize, usize)),
    Item {
        marker: Marker,
        label: Option<(usize, usize)>,
        content: (usize, usize),
    },
    Turns(Vec<Turn>),
    Gap((usize, usize)),
}

impl Draft {
    /// The byte ranges that hold text (anchors are looked for there).
    pub fn ranges(&self) -> Vec<(usize, usize)> {
        match self {
            Draft::Paragraph(r) | Draft::Item { content: r, .. } => vec![*r],
            Draft::Turns(turns) => turns.iter().map(|t| t.content).collect(),
            Draft::Gap(_) => Vec::new(),
        }
    }
}

static BRACKETED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\((\p{Lu}[\p{L}’'-]*)\):").expect("static regex"));
static ABBREVIATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\p{Lu}\p{Ll}*)\[(\p{Ll}+)\]:").expect("static regex"));
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"\p{Lu}[\p{Ll}’'-]+";
    let particle = r"(?:de|van|von|du|da|del|der|le|la)";
    let name = format!(r"{word}(?: (?:{particle} )?{word}){{0,2}}");
    Regex::new(&format!(
        r"^(?:(?P<hon>[\p{{Lu}}][\p{{L}}]*\.?) )?(?P<name>{name})(?: \((?P<qual>{name})\))?:"
    ))
    .expect("static regex")
});
static NUMBERED_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3}[.)]) ").expect("static regex"));

/// A speaker label at the start of `text`: the speaker and the label's length.
pub fn speaker_label(text: &str, conv: &Conventions) -> Option<(Speaker, usize)> {
    let config = &conv.config.conventions;
    let followed = |end: usize| text.len() == end || text[end..].starts_with(' ');
    if let Some(c) = ABBREVIATED.captures(text) {
        let (abbr, ex) = (c.get(1)?.as_str(), c.get(2)?.as_str());
        let end = c.get(0)?.end();
        let name = format!("{abbr}{ex}");
        return followed(end).then(|| {
            (
                Speaker {
                    who: name.to_lowercase(),
                    name,
                    expansion: Some((abbr.to_string(), ex.to_string())),
                    is_role: false,
                    affiliation: None,
                },
                end,
            )
        });
    }
    if let Some(c) = BRACKETED.captures(text) {
        let name = c.get(1)?.as_str();
        let end = c.get(0)?.end();
        return followed(end).then(|| (plain_speaker(name, None, conv), end));
    }
    let c = NAMED.captures(text)?;
    let end = c.get(0)?.end();
    let label = &text[..end];
    if config.not_speakers.iter().any(|n| n == label) || !followed(end) {
        return None;
    }
    let honorific = c.name("hon").map(|m| m.as_str());
    let name = c.name("name")?.as_str();
    // A capitalised first word that is no honorific belongs to the name.
    let name = match honorific {
        Some(h) if config.honorifics.iter().any(|x| x == h) => name.to_string(),
        Some(h) => {
            let full = format!("{h} {name}");
            if full.split(' ').count() > 3 {
                return None;
            }
            full
        }
        None => name.to_string(),
    };
    let qualifier = c.name("qual").map(|m| m.as_str().to_string());
    Some((plain_speaker(&name, qualifier, conv), end))
}

fn plain_speaker(name: &str, affiliation: Option<String>, conv: &Conventions) -> Speaker {
    let last = name.rsplit(' ').next().unwrap_or(name);
    let is_role = !name.contains(' ') && conv.is_role_word(name);
    Speaker {
        who: super::closer::person_id(last),
        name: last.to_string(),
        expansion: None,
        is_role,
        affiliation,
    }
}

/// Splits a dialogue line into turns: a new turn starts at a label after `.`,
/// `!`, `?` or `…` (maybe closed by a quote) and a space.
fn turns(piece: Piece, conv: &Conventions) -> Option<Vec<Turn>> {
    let text = piece.text;
    let (first, first_len) = speaker_label(text, conv)?;
    let mut found = vec![(0usize, first, first_len)];
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let mut j = i + c.len_utf8();
        while let Some(q) = text[j..]
            .chars()
            .next()
            .filter(|q| matches!(q, '”' | '’' | ')'))
        {
            j += q.len_utf8();
        }
        let Some(start) = text[j..].strip_prefix(' ').map(|_| j + 1) else {
            continue;
        };
        // A period inside a label (`Mr.`) starts no turn.
        if found.last().is_some_and(|(s, _, len)| start < s + len) {
            continue;
        }
        if let Some((speaker, len)) = speaker_label(&text[start..], conv) {
            found.push((start, speaker, len));
        }
    }
    let mut out = Vec::new();
    for (k, (start, speaker, len)) in found.iter().enumerate() {
        let content_start = (start + len + 1).min(text.len());
        let content_end = found
            .get(k + 1)
            .map_or(text.len(), |n| n.0.saturating_sub(1));
        out.push(Turn {
            label: (piece.start + start, piece.start + start + len),
            content: (
                piece.start + content_start,
                piece.start + content_end.max(content_start),
            ),
            speaker: speaker.clone(),
            run_in: k > 0,
        });
    }
    Some(out)
}

/// Classifies one body piece.
pub fn classify(piece: Piece, conv: &Conventions) -> Draft {
    let text = piece.text;
    let whole = (piece.start, piece.end());
    if text == conv.config.conventions.omission {
        return Draft::Gap(whole);
    }
    for (marker, m) in [(Marker::Dash, "- "), (Marker::Bullet, "• ")] {
        if let Some(rest) = text.strip_prefix(m) {
            return Draft::Item {
                marker,
                label: None,
                content: (piece.end() - rest.len(), piece.end()),
            };
        }
    }
    if let Some(c) = NUMBERED_ITEM.captures(text)
        && let (Some(label), Some(all)) = (c.get(1), c.get(0))
    {
        return Draft::Item {
            marker: Marker::Number,
            label: Some((piece.start + label.start(), piece.start + label.end())),
            content: (piece.start + all.end(), piece.end()),
        };
    }
    if let Some(t) = turns(piece, conv) {
        return Draft::Turns(t);
    }
    Draft::Paragraph(whole)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn who(text: &str) -> Option<(String, usize)> {
        let config = Config::builtin();
        let conv = Conventions::new(&config);
        speaker_label(text, &conv).map(|(s, l)| (s.who, l))
    }

    #[test]
    fn speaker_forms() {
        assert_eq!(who("L[egran]: I await"), Some(("legran".into(), 9)));
        assert_eq!(who("(Gelman): On the line"), Some(("gelman".into(), 9)));
        assert_eq!(who("Stalin: Now"), Some(("stalin".into(), 7)));
        assert_eq!(
            who("Mr. Dalgaard (Norway): The"),
            Some(("dalgaard".into(), 22))
        );
        assert_eq!(who("Present: Mr. Verhulst"), None);
        assert_eq!(who("Note: “via”"), None);
        assert_eq!(who("Listen, here it is: x"), None);
    }

    #[test]
    fn turns_split_after_sentence_ends() {
        let config = Config::builtin();
        let conv = Conventions::new(&config);
        let text =
            "L[egran]: I await. Ch[icherin]: Stalin’s cipher No. 164 has not. L[egran]: Comrade.";
        let Draft::Turns(t) = classify(
            Piece {
                line: 1,
                start: 0,
                text,
            },
            &conv,
        ) else {
            panic!("not a dialogue line");
        };
        let whos: Vec<_> = t
            .iter()
            .map(|t| (t.speaker.who.as_str(), t.run_in))
            .collect();
        assert_eq!(
            whos,
            [("legran", false), ("chicherin", true), ("legran", true)]
        );
        assert_eq!(
            &text[t[1].content.0..t[1].content.1],
            "Stalin’s cipher No. 164 has not."
        );
    }

    #[test]
    fn list_markers() {
        let config = Config::builtin();
        let conv = Conventions::new(&config);
        let d = classify(
            Piece {
                line: 1,
                start: 0,
                text: "2. free passage",
            },
            &conv,
        );
        assert!(matches!(
            d,
            Draft::Item {
                marker: Marker::Number,
                label: Some((0, 2)),
                content: (3, 15)
            }
        ));
        assert!(matches!(
            classify(
                Piece {
                    line: 1,
                    start: 0,
                    text: "<…>"
                },
                &conv
            ),
            Draft::Gap(_)
        ));
    }
}
