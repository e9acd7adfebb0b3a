//! What a line's words say about it: a word naming a kind of document
//! (`Telegram`, `Письмо`), a salutation, a security marking, capitals, one
//! word alone (docs/encoding.md §7.1 rules 14, 23).

/// Words that open the title of a document of a known genre.
const GENRE_WORDS: &[&str] = &[
    "letter",
    "telegram",
    "memorandum",
    "report",
    "record",
    "minutes",
    "resolution",
    "decree",
    "note",
    "appeal",
    "directive",
    "declaration",
    "statement",
    "agreement",
    "treaty",
    "order",
    "instruction",
    "instructions",
    "despatch",
    "dispatch",
    "message",
    "circular",
    "protocol",
    "memo",
    "message",
    "proclamation",
    "communiqué",
    "ciphered",
    "cipher",
    "radiogram",
    "conversation",
    "notes",
    "paper",
    "address",
    "speech",
    "summary",
    "draft",
    "from",
    "to",
    "aide-mémoire",
    "petition",
    "manifesto",
    "decision",
    "excerpt",
    "extract",
    "transcript",
    "письмо",
    "телеграмма",
    "записка",
    "постановление",
    "протокол",
    "доклад",
    "донесение",
    "докладная",
    "служебная",
    "справка",
    "распоряжение",
    "приказ",
    "указ",
    "декрет",
    "обращение",
    "заявление",
    "соглашение",
    "договор",
    "решение",
    "директива",
    "нота",
    "выписка",
    "из",
    "шифртелеграмма",
    "радиограмма",
    "сообщение",
    "меморандум",
    "brief",
    "schreiben",
    "telegramm",
    "aufzeichnung",
    "vermerk",
    "lettre",
    "télégramme",
];

/// Salutations that a letter's dateline may follow on the same line
/// (`My Lord, Foreign Office, February 12, 1919.`), lower case.
pub(super) const SALUTATIONS: &[&str] = &[
    "my lord",
    "my lords",
    "my dear",
    "dear",
    "sir",
    "sirs",
    "madam",
    "gentlemen",
    "your excellency",
    "excellency",
    "monsieur",
    "messieurs",
    "sehr geehrter",
    "sehr geehrte",
    "a chara",
    "уважаемый",
    "уважаемые",
    "товарищи",
    "товарищ",
    "comrade",
    "comrades",
    "dear comrade",
    "дорогой",
    "дорогие",
];

/// Words of security and handling markings (`Strictly secret.`, `Строго
/// секретно`, `Top Secret`), lower case: a line made only of them is a
/// marking, never a title.
const MARKING_WORDS: &[&str] = &[
    "secret",
    "top",
    "strictly",
    "confidential",
    "urgent",
    "extremely",
    "personal",
    "only",
    "copy",
    "no",
    "совершенно",
    "строго",
    "секретно",
    "секретный",
    "срочно",
    "весьма",
    "лично",
    "конфиденциально",
    "streng",
    "geheim",
    "vertraulich",
];

/// The words of [`MARKING_WORDS`] one of which a marking line must hold.
const MARKING_CORES: &[&str] = &[
    "secret",
    "confidential",
    "urgent",
    "секретно",
    "секретный",
    "срочно",
    "конфиденциально",
    "geheim",
    "vertraulich",
];

/// The most words of a salutation before a dateline.
pub(super) const MAX_SALUTATION_WORDS: usize = 5;

/// Whether the words are one word of letters, or one word letter-spaced
/// (every word a single letter: `S H T Y K O V`).
pub(super) fn is_one_word(words: &[&str]) -> bool {
    let letters = |w: &&str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .chars()
            .all(char::is_alphabetic)
    };
    let single =
        |w: &&str| w.chars().filter(|c| c.is_alphabetic()).count() == 1 && w.chars().count() <= 2;
    match words {
        [] => false,
        [w] => letters(w) && w.chars().filter(|c| c.is_alphabetic()).count() >= 2,
        _ => words.len() >= 3 && words.iter().all(single),
    }
}

pub(super) fn opens_with_genre(text: &str) -> bool {
    let first = text
        .split(|c: char| c.is_whitespace() || c == ':' || c == ',')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let first = first.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    let lower = first.to_lowercase();
    GENRE_WORDS.contains(&lower.as_str())
}

/// Genre words that are prepositions: `From the Governor …` is a heading,
/// but so often a sentence that they are weaker evidence.
const GENRE_PREPOSITIONS: &[&str] = &["from", "to", "из"];

pub(super) fn opens_with_preposition(text: &str) -> bool {
    let first = text
        .split(|c: char| c.is_whitespace() || c == ':' || c == ',')
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    GENRE_PREPOSITIONS.contains(&first.as_str())
}

/// No lower-case letter outside brackets, and at least two letters.
pub fn is_upper(text: &str) -> bool {
    let mut depth = 0usize;
    let mut letters = 0;
    for c in text.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth = depth.saturating_sub(1),
            c if depth == 0 && c.is_lowercase() => return false,
            c if c.is_alphabetic() => letters += 1,
            _ => {}
        }
    }
    letters >= 2
}

/// A salutation alone on its line: one of [`SALUTATIONS`], at most
/// [`MAX_SALUTATION_WORDS`] words, ending with `,`, `.`, `!` or `:`, or,
/// unpunctuated, naming no direction (`Comrades Lezhava and Rykov`, not
/// `Sir Edward Grey to Mr. Bax`).
pub(super) fn is_salutation(text: &str) -> bool {
    let lower = text.to_lowercase();
    let punctuated = text.ends_with([',', '.', '!', ':']);
    let directed = lower
        .split_whitespace()
        .any(|w| matches!(w, "to" | "from" | "an" | "à" | "от"));
    text.split_whitespace().count() <= MAX_SALUTATION_WORDS
        && (punctuated || !directed)
        && SALUTATIONS.iter().any(|s| {
            lower.starts_with(s) && !lower[s.len()..].starts_with(|c: char| c.is_alphanumeric())
        })
}

/// A line made only of marking words, one of them a core marking
/// (`Strictly secret.`, `Строго Секретно`, `Top Secret, Copy No. 2`).
pub(super) fn is_marking(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.len() <= 6
        && words.iter().any(|w| MARKING_CORES.contains(&w.as_str()))
        && words
            .iter()
            .all(|w| MARKING_WORDS.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()))
}
