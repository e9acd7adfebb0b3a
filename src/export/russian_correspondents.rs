//! Sender and addressee of a Russian title (`Телеграмма В. И. Ленина Г. В.
//! Чичерину о …`). Russian names them by grammatical case, not by preposition:
//! the sender in the genitive, the addressee in the dative. They are found by
//! their endings and put back into the nominative that CMIF needs — but only
//! where the ending says the nominative for certain (`Ленина`/`Ленину` →
//! `Ленин`, `Троцкого` → `Троцкий`, `Крупской` → `Крупская`). A role phrase
//! (`советскому торговому представителю`) or an ending that several nominatives
//! share (`Ягоды`: `Ягода`? `Ягоды`?) is not guessed: the side stays unread and
//! the reason says why.

use super::facts::Correspondents;

/// Kind words that open a Russian letter's title, in the nominative.
const KINDS: [&str; 9] = [
    "телеграмма",
    "шифротелеграмма",
    "шифровка",
    "письмо",
    "записка",
    "телефонограмма",
    "радиограмма",
    "депеша",
    "докладная",
];

/// The same kinds in the genitive, after `Из` (`Из письма …`: from a letter).
const KINDS_GENITIVE: [&str; 8] = [
    "телеграммы",
    "шифротелеграммы",
    "шифровки",
    "письма",
    "записки",
    "телефонограммы",
    "радиограммы",
    "депеши",
];

/// Words that start the subject: the correspondents stand before them.
const SUBJECT_OPENERS: [&str; 9] = [
    "о",
    "об",
    "обо",
    "по",
    "с",
    "со",
    "относительно",
    "насчёт",
    "насчет",
];

/// Prepositions whose capitalised object is a place or a thing, not a
/// correspondent (`представителю в Германии`).
const PREPOSITIONS: [&str; 8] = ["в", "во", "на", "из", "при", "для", "за", "к"];

/// A Russian title's reading: the correspondents found (in the nominative) and,
/// for each side left unread, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RussianReading {
    pub correspondents: Correspondents,
    pub problems: Vec<String>,
}

/// The case a name's ending shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Genitive,
    Dative,
    /// Feminine `-ой`: genitive and dative alike; the order decides.
    GenitiveOrDative,
}

/// A name as printed, with its nominative and the case it was in; `nominative`
/// is `None` when the ending does not say it for certain.
#[derive(Debug, Clone)]
struct Name {
    printed: String,
    nominative: Option<String>,
    case: Option<Case>,
}

/// Reads a Russian letter title; `None` when the title does not open with a
/// Russian kind word (`Телеграмма`, `Письмо`, `Из письма`, …).
pub fn russian_correspondents(title: &str) -> Option<RussianReading> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let (kind, rest) = kind_and_rest(&words)?;
    Some(Found::scan(rest).reading(kind))
}

/// A word without its punctuation, in lower case.
fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// The kind word (`телеграмма`, or `письма` after `Из`) and the words after it.
fn kind_and_rest<'w, 'a>(words: &'w [&'a str]) -> Option<(String, &'w [&'a str])> {
    match words {
        [from, kind, rest @ ..]
            if bare(from) == "из" && KINDS_GENITIVE.contains(&bare(kind).as_str()) =>
        {
            Some((bare(kind), rest))
        }
        [kind, rest @ ..] if KINDS.contains(&bare(kind).as_str()) => Some((bare(kind), rest)),
        _ => None,
    }
}

/// The names read between the kind word and the subject: the sender, the
/// addressee, and the names that could be neither.
#[derive(Default)]
struct Found {
    sender: Option<Name>,
    addressee: Option<Name>,
    unread: Vec<Name>,
}

impl Found {
    /// Reads the words after the kind word up to the subject (`о …`, a
    /// number) or the end of the first clause.
    fn scan(rest: &[&str]) -> Found {
        let mut found = Found::default();
        let mut i = 0;
        let mut after_from = false;
        while i < rest.len() {
            let word = rest[i];
            let lower = bare(word);
            if SUBJECT_OPENERS.contains(&lower.as_str())
                || word.starts_with(|c: char| c.is_ascii_digit())
            {
                break;
            }
            if lower == "от" && !is_initials(word) {
                after_from = true;
                i += 1;
                continue;
            }
            // A preposition is lower-case: `В.` is an initial, not `в`.
            if PREPOSITIONS.contains(&lower.as_str()) && !is_initials(word) {
                i += found.preposition(&lower, &rest[i + 1..]);
                continue;
            }
            let Some((name, used)) = name_at(&rest[i..]) else {
                i += 1;
                continue;
            };
            i += used;
            let ends_sentence = rest[i - 1].ends_with(['.', ',', ';']) && !is_initials(rest[i - 1]);
            found.place(name, std::mem::take(&mut after_from));
            if ends_sentence {
                break;
            }
        }
        found
    }

    /// After a preposition: `в ЦК`, `в СНК` (an institution's abbreviation,
    /// indeclinable) is the addressee; any other object is skipped. Returns
    /// how many words the preposition and its object take.
    fn preposition(&mut self, preposition: &str, after: &[&str]) -> usize {
        let abbreviations = after.iter().take_while(|w| is_abbreviation(w)).count();
        if !(matches!(preposition, "в" | "во") && abbreviations > 0) {
            return 2;
        }
        let name = after[..abbreviations]
            .iter()
            .map(|w| w.trim_end_matches([',', '.', ';']))
            .collect::<Vec<_>>()
            .join(" ");
        if self.addressee.is_none() {
            self.addressee = Some(Name {
                printed: name.clone(),
                nominative: Some(name),
                case: Some(Case::Dative),
            });
        }
        1 + abbreviations
    }

    /// Puts a name where its case says: a genitive is the sender, a dative
    /// the addressee; after `от` only a sender. A name with no free place is
    /// kept as unread.
    fn place(&mut self, name: Name, after_from: bool) {
        if after_from {
            if self.sender.is_none()
                && matches!(name.case, Some(Case::Genitive | Case::GenitiveOrDative))
            {
                self.sender = Some(name);
            } else {
                self.unread.push(name);
            }
            return;
        }
        match name.case {
            Some(Case::Genitive) if self.sender.is_none() => self.sender = Some(name),
            Some(Case::Dative) if self.addressee.is_none() => self.addressee = Some(name),
            Some(Case::GenitiveOrDative) if self.sender.is_none() && self.addressee.is_none() => {
                self.sender = Some(name)
            }
            Some(Case::GenitiveOrDative) if self.addressee.is_none() => self.addressee = Some(name),
            _ => self.unread.push(name),
        }
    }

    /// The correspondents in the nominative, and why a side stays unread.
    fn reading(self, kind: String) -> RussianReading {
        let mut problems = Vec::new();
        let sender = self.side(&self.sender, "sender", &mut problems);
        let addressee = self.side(&self.addressee, "addressee", &mut problems);
        RussianReading {
            correspondents: Correspondents {
                kind,
                sender,
                addressee,
            },
            problems,
        }
    }

    fn side(&self, found: &Option<Name>, role: &str, problems: &mut Vec<String>) -> Option<String> {
        match found {
            Some(Name {
                nominative: Some(n),
                ..
            }) => Some(n.clone()),
            Some(Name { printed, .. }) => {
                problems.push(format!(
                    "the {role} “{printed}”: its nominative cannot be told from the ending"
                ));
                None
            }
            None => {
                let hint = self
                    .unread
                    .iter()
                    .map(|n| format!("“{}”", n.printed))
                    .collect::<Vec<_>>()
                    .join(", ");
                problems.push(if hint.is_empty() {
                    format!("no {role} is named by a personal name")
                } else {
                    format!("no {role} is named by a name whose case ending is certain ({hint})")
                });
                None
            }
        }
    }
}

/// The name that starts `words` (initials, then one or more capitalised words
/// in the same case) and how many words it takes; `None` when `words` does not
/// start with a name.
fn name_at(words: &[&str]) -> Option<(Name, usize)> {
    let mut used = 0;
    let mut initials = Vec::new();
    while let Some(w) = words.get(used)
        && is_initials(w)
    {
        initials.push(*w);
        used += 1;
    }
    let mut parts: Vec<(String, Option<String>, Option<Case>)> = Vec::new();
    while let Some(w) = words.get(used) {
        let word = w.trim_end_matches([',', '.', ';', ':']);
        if !is_capitalised_word(word) || is_abbreviation(word) {
            break;
        }
        let (nominative, case) = match nominative_of(word) {
            Some((n, c)) => (Some(n), Some(c)),
            None => (None, None),
        };
        // A following word in another case is the other correspondent
        // (`Ленина Сталину`).
        if let Some((_, _, first_case)) = parts.first()
            && *first_case != case
        {
            break;
        }
        parts.push((word.to_string(), nominative, case));
        used += 1;
        if w.len() != word.len() {
            break;
        }
    }
    if parts.is_empty() {
        return None;
    }
    let printed: Vec<String> = initials
        .iter()
        .map(|s| s.to_string())
        .chain(parts.iter().map(|(p, _, _)| p.clone()))
        .collect();
    let nominative: Option<Vec<String>> = parts.iter().map(|(_, n, _)| n.clone()).collect();
    let nominative = nominative.map(|n| {
        initials
            .iter()
            .map(|s| s.to_string())
            .chain(n)
            .collect::<Vec<_>>()
            .join(" ")
    });
    Some((
        Name {
            printed: printed.join(" "),
            nominative,
            case: parts[0].2,
        },
        used,
    ))
}

/// `В.`, `В.И.`: capital letters each followed by a full stop.
fn is_initials(word: &str) -> bool {
    let mut chars = word.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if !c.is_uppercase() || chars.next() != Some('.') {
            return false;
        }
        any = true;
    }
    any
}

/// `ЦК`, `СНК`, `ВЦИК`, `РКП(б)`: two or more capitals and nothing lower-case
/// but a bracketed suffix.
fn is_abbreviation(word: &str) -> bool {
    let word = word.trim_end_matches([',', '.', ';']);
    let head = word.split('(').next().unwrap_or(word);
    head.chars().filter(|c| c.is_uppercase()).count() >= 2 && head.chars().all(char::is_uppercase)
}

fn is_capitalised_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_uppercase())
        && word.chars().all(|c| c.is_alphabetic() || c == '-')
}

/// Russian consonants a masculine name's stem can end in before `-а`/`-у`.
fn is_consonant(c: char) -> bool {
    "бвгджзклмнпрстфхцчшщ".contains(c)
}

/// The nominative and case of a declined surname or first name, for the
/// endings that say both for certain; `None` otherwise.
fn nominative_of(word: &str) -> Option<(String, Case)> {
    // Adjectival surnames, masculine and feminine.
    const ADJECTIVAL: [(&str, &str, Case); 8] = [
        ("ского", "ский", Case::Genitive),
        ("цкого", "цкий", Case::Genitive),
        ("скому", "ский", Case::Dative),
        ("цкому", "цкий", Case::Dative),
        ("ской", "ская", Case::GenitiveOrDative),
        ("цкой", "цкая", Case::GenitiveOrDative),
        ("овой", "ова", Case::GenitiveOrDative),
        ("евой", "ева", Case::GenitiveOrDative),
    ];
    for (ending, nominative, case) in ADJECTIVAL {
        if let Some(stem) = word.strip_suffix(ending)
            && stem.chars().count() >= 2
        {
            return Some((format!("{stem}{nominative}"), case));
        }
    }
    for (ending, nominative) in [("иной", "ина"), ("ыной", "ына")] {
        if let Some(stem) = word.strip_suffix(ending)
            && stem.chars().count() >= 2
        {
            return Some((format!("{stem}{nominative}"), Case::GenitiveOrDative));
        }
    }
    // A masculine name on a consonant: `Ленин` → `Ленина`, `Ленину`.
    for (ending, case) in [('а', Case::Genitive), ('у', Case::Dative)] {
        if let Some(stem) = word.strip_suffix(ending)
            && stem.chars().count() >= 2
            && stem.chars().last().is_some_and(is_consonant)
        {
            return Some((stem.to_string(), case));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(title: &str, expect: Option<(Option<&str>, Option<&str>, usize)>) {
        let got = russian_correspondents(title);
        let got = got.as_ref().map(|r| {
            (
                r.correspondents.sender.as_deref(),
                r.correspondents.addressee.as_deref(),
                r.problems.len(),
            )
        });
        assert_eq!(got, expect, "{title}: {:?}", russian_correspondents(title));
    }

    #[test]
    fn reads_genitive_sender_and_dative_addressee() {
        check(
            "Письмо Ленина Сталину",
            Some((Some("Ленин"), Some("Сталин"), 0)),
        );
        check(
            "Письмо Г. В. Чичерина В. И. Ленину о переговорах в Риге",
            Some((Some("Г. В. Чичерин"), Some("В. И. Ленин"), 0)),
        );
        check(
            "Телеграмма В. И. Ленина советскому торговому представителю в Германии Б. С. Стомонякову о поставке",
            Some((Some("В. И. Ленин"), Some("Б. С. Стомоняков"), 0)),
        );
        check(
            "Записка Л. Д. Троцкого Н. К. Крупской",
            Some((Some("Л. Д. Троцкий"), Some("Н. К. Крупская"), 0)),
        );
        check(
            "Письмо Н. К. Крупской Ф. Э. Дзержинскому",
            Some((Some("Н. К. Крупская"), Some("Ф. Э. Дзержинский"), 0)),
        );
        check(
            "Телеграмма Б.В. Леграна в ЦК РКП(б) о положении",
            Some((Some("Б.В. Легран"), Some("ЦК РКП(б)"), 0)),
        );
        check(
            "Из письма Владимира Ильича Ленина Сталину",
            Some((Some("Владимир Ильич Ленин"), Some("Сталин"), 0)),
        );
        check(
            "Телеграмма Сталину от Ленина",
            Some((Some("Ленин"), Some("Сталин"), 0)),
        );
    }

    #[test]
    fn leaves_uncertain_cases_unread_and_says_why() {
        // A role phrase names no person.
        check(
            "Телеграмма В. И. Ленина советскому торговому представителю в Германии",
            Some((Some("В. И. Ленин"), None, 1)),
        );
        // `Ягоды`: the genitive of `Ягода`, but the ending does not say so.
        check("Письмо Ягоды Сталину", Some((None, Some("Сталин"), 1)));
        // A place after `в` is not an addressee.
        check(
            "Телеграмма Сталина в Москву",
            Some((Some("Сталин"), None, 1)),
        );
        check("Телеграмма … в …", Some((None, None, 2)));
        // Not a letter.
        check(
            "Постановление Политбюро ЦК ВКП(б) о создании комиссии",
            None,
        );
        check("Letter from A to B", None);
    }
}
