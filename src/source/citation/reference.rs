//! Archival references that are no `ARCHIVE, f. N, op. N, d. N` shelfmark:
//! Russian dotted citations ("РГАСПИ. Ф. 17. Оп. 3. Д. 100. Л. 1–2."), decimal
//! file numbers ("File No. 861.00/1120", "860j.01/12: Telegram"), lot files
//! ("Moscow Embassy Files: Lot F–96"), archives named in words ("Source:
//! National Archives, RG 59, …", "[Republic of Armenia Archives, File No.
//! 65]"), film frames ("Frames 231609–231610, serial 485") and slash
//! shelfmarks ("NAI DFA/6/417/128/1", "[C 2000/458/62]").
//!
//! They are witnesses (each counts one), kept as printed: their parts follow no
//! one grammar, so teikit does not pretend to parse them (docs/encoding.md
//! §7.2 row 79). Every pattern is a static regex, so finding them is linear.

use std::sync::LazyLock;

use regex::Regex;

/// Labels that may stand right before an archival reference and belong to it.
const LABELS: [&str; 5] = [
    "Source: ",
    "Архив: ",
    "Archive: ",
    "Citation: ",
    "Источник: ",
];

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static regex")
}

/// `АКРОНИМ. Ф. N` / `ACRONYM. F. N` (one or two words of capitals; a comma
/// instead of the period too), anywhere after a space or `(`.
static RUSSIAN: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?:^|[\s(])((?:\p{Lu}+ )?\p{Lu}[\p{Lu}\-]+)[.,] ?(?:Ф|F|ф)\. ?[\p{Lu}\-]*\d")
});

/// Decimal file numbers and lot files, at the start only.
static FILE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:File Nos?\. ?\d|(?:\p{Lu}[\p{L}.]* ){0,4}\d{3}[a-z]?\.\d{2,4}[^:/\n]{0,40}/[\w–\-]+(?::|\s|$)|(?:\p{Lu}\p{L}* ){0,4}Files?: Lot )",
    )
});

/// An archive named in words, after a label or `[`: `National Archives, …`,
/// `Republic of Armenia Archives, …`, `Archive of the President …`.
static NAMED_ARCHIVE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:(?:Source|Архив|Archive|Citation|Источник): |\[)(?:(?:\p{Lu}[\p{L}\-]*|of|the) ){0,6}(?:Archives?|Архив\p{L}*)(?: of\b|,| \()",
    )
});

/// The same without label, at the start: capitalised words (not an article)
/// then `Archive of` / `Archives,`: "Central State Historical Archive of …".
static ARCHIVE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^(?:\p{Lu}[\p{L}\-]* (?:of |the )?){1,6}(?:Archives?|Архив\p{L}*)(?: of\b|,| \()")
});

/// `Source: ` and an archive or a manuscript collection (FRUS source notes:
/// "Source: Department of State, Central Files, 511.00/1–2958.", "Source:
/// Eisenhower Library, Whitman File, …"), not a printed book. A government
/// department followed by a comma holds files ("Source: Department of State,
/// C…", even cut short); "Department of State Bulletin" is a periodical.
static ARCHIVAL_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^Source: .{0,120}?(?:\b(?:Archives?|Library|Files?|Papers|Collection)(?:,|:|\.| \()|\b\d{3}[a-z]?\.\d{2,4}[^\s,;]*/|\bRG \d|\bRecord Group|\bLot \w)",
    )
});

/// Soviet archives cited in English transliteration: an acronym, then any
/// shelfmark label spelt out (`APRF, Listy 146-147, …`, `AVP RF, Fond 059a`,
/// `RGASPI, opis 1`).
static TRANSLITERATED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:^|[\s(])(\p{Lu}{2,}(?: \p{Lu}{2,})?), (?:[Ff]ond|[Oo]pis|[Dd]elo|[Pp]apka|[Ll]isty?|[Ll]l?\.) ?\d",
    )
});

/// `Source: Department of State, …`: a government department and a comma.
static DEPARTMENT_SOURCE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^Source: (?:Department|Ministry) of ((?:\p{Lu}\p{L}* ?){1,3}),"));

/// Words naming a periodical, not a department's files.
const PERIODICAL_WORDS: [&str; 5] = ["Bulletin", "Review", "Journal", "Gazette", "Digest"];

/// Whether `text` is a source note naming a department's files.
fn department_source(text: &str) -> bool {
    DEPARTMENT_SOURCE
        .captures(text)
        .and_then(|c| c.get(1))
        .is_some_and(|name| {
            !name
                .as_str()
                .split_whitespace()
                .any(|w| PERIODICAL_WORDS.contains(&w))
        })
}

/// Film frames of captured records.
static FRAMES: LazyLock<Regex> = LazyLock::new(|| regex(r"^Frames? \d+"));

/// `ACRONYM[ ACRONYM]/N/N/N` or `ACRONYM N/N/N`, and `[C N/N/N]`.
static SLASHED: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?:^|[\s(])(\[?\p{Lu}+(?: \p{Lu}{2,})*[ /](?:\p{Lu}+/)?\d+(?:/\d+){2,}\]?)")
});

/// Two or more acronyms, maybe series marks, then a box or file number:
/// `NAI DFA ES Box 22 File 250`.
static BOXED: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?:^|[\s(])(\p{Lu}{2,}(?: \p{Lu}{2,})+(?: [\p{Lu}\d]+)* (?:Box|File|Folder) \d)")
});

/// Byte offset of the first archival reference in `text` (with a label such
/// as `Source: ` standing right before it).
pub fn find_reference(text: &str) -> Option<usize> {
    // Cheap tests first: every line of a source is asked.
    let russian = (text.contains("Ф.") || text.contains("F.") || text.contains("ф."))
        .then(|| capture_start(&RUSSIAN, text))
        .flatten();
    let slashed = (text.bytes().filter(|&b| b == b'/').nth(1).is_some())
        .then(|| capture_start(&SLASHED, text))
        .flatten();
    let boxed = [" Box ", " File ", " Folder "]
        .iter()
        .any(|w| text.contains(w))
        .then(|| capture_start(&BOXED, text))
        .flatten();
    let transliterated = text
        .contains(", ")
        .then(|| capture_start(&TRANSLITERATED, text))
        .flatten();
    let anywhere = russian
        .into_iter()
        .chain(slashed)
        .chain(boxed)
        .chain(transliterated)
        .min();
    let at_start = [&*FILE_NUMBER, &*NAMED_ARCHIVE, &*ARCHIVAL_SOURCE, &*FRAMES]
        .into_iter()
        .any(|r| r.is_match(text))
        || department_source(text)
        || (ARCHIVE_HEADING.is_match(text) && !starts_with_article(text));
    let found = if at_start { Some(0) } else { anywhere };
    found.map(|at| with_label(text, at))
}

fn capture_start(regex: &Regex, text: &str) -> Option<usize> {
    regex.captures(text)?.get(1).map(|m| m.start())
}

/// Whether `text` as a whole is such a reference (from its start).
pub fn is_reference(text: &str) -> bool {
    find_reference(text) == Some(0)
}

fn starts_with_article(text: &str) -> bool {
    ["The ", "A ", "An "].iter().any(|a| text.starts_with(a))
}

/// `at`, moved back over a label that stands right before it.
pub fn with_label(text: &str, at: usize) -> usize {
    let before = &text[..at];
    LABELS
        .iter()
        .find(|l| before.ends_with(*l))
        .map_or(at, |l| at - l.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expect: Option<&str>) {
        let found = find_reference(text).map(|at| &text[at..]);
        assert_eq!(found, expect, "{text:?}");
    }

    #[test]
    fn russian_dotted_citations() {
        let c = "РГАСПИ. Ф. 17. Оп. 3. Д. 100. Л. 1–2. Подлинник. Машинопись.";
        check(c, Some(c));
        check(
            "Архив: АП РФ. Ф. 3. Оп. 1. Д. 5. Л. 2.",
            Some("Архив: АП РФ. Ф. 3. Оп. 1. Д. 5. Л. 2."),
        );
        check(
            "ГАРФ. Ф. Р-130. Оп. 2. Д. 1.",
            Some("ГАРФ. Ф. Р-130. Оп. 2. Д. 1."),
        );
        check(
            "Text ends. CPA. F. 85. Op. 3. D. 1. L. 2-6. Autograph.",
            Some("CPA. F. 85. Op. 3. D. 1. L. 2-6. Autograph."),
        );
    }

    #[test]
    fn frus_file_lines_and_source_notes() {
        check("File No. 861.00/1120", Some("File No. 861.00/1120"));
        check("860j.01/12: Telegram", Some("860j.01/12: Telegram"));
        check(
            "Moscow Embassy Files: Lot F–96",
            Some("Moscow Embassy Files: Lot F–96"),
        );
        let s = "Source: National Archives, RG 59, Central Files, 611.61/1–2056. Secret.";
        check(s, Some(s));
        check(
            "[Republic of Armenia Archives, File No. 65]",
            Some("[Republic of Armenia Archives, File No. 65]"),
        );
        check(
            "Central State Historical Archive of ",
            Some("Central State Historical Archive of "),
        );
        check(
            "Frames 231609–231610, serial 485",
            Some("Frames 231609–231610, serial 485"),
        );
        let s = "740.0011 European War 1939/17529a: Telegram";
        check(s, Some(s));
        let s = "Source: Department of State, Central Files, 511.00/1–2958. Confidential.";
        check(s, Some(s));
        let s = "Source: Eisenhower Library, Whitman File, Dulles–Herter Series. Confidential.";
        check(s, Some(s));
    }

    #[test]
    fn transliterated_soviet_archives() {
        check(
            "APRF, Listy 146-147, Fond and Opis not given; and AVPRF, Fond 059a",
            Some("APRF, Listy 146-147, Fond and Opis not given; and AVPRF, Fond 059a"),
        );
        check(
            "Read in AVP RF, fond 7, opis 2.",
            Some("AVP RF, fond 7, opis 2."),
        );
        check("GARF, l. 5", Some("GARF, l. 5"));
        // A list of words is no shelfmark.
        check("USSR, Listy and others", None);
        check("Moscow, Delo 5", None);
    }

    #[test]
    fn departments_in_source_notes() {
        let s = "Source: Department of State, C";
        check(s, Some(s));
        let s = "Source: Ministry of Foreign Affairs, Political Archive, file 5.";
        check(s, Some(s));
        check("Source: Department of State Bulletin, vol. 30, p. 5.", None);
    }

    #[test]
    fn slash_shelfmarks() {
        check("No. 383 NAI DFA/6/417/128/1", Some("NAI DFA/6/417/128/1"));
        check("[C 2000/458/62] No. 1.", Some("[C 2000/458/62] No. 1."));
        check(
            "No. 383 NAI DFA ES Box 22 File 250",
            Some("NAI DFA ES Box 22 File 250"),
        );
        check(
            "Paris Peace Conf. 184.00101/61",
            Some("Paris Peace Conf. 184.00101/61"),
        );
        // A file or box of ordinary prose is no reference.
        check("The USSR sent File 5 to the Ministry.", None);
    }

    #[test]
    fn prose_and_printed_sources_are_no_references() {
        check("Source: Diplomatic Archive Review, 1991, No. 16.", None);
        check(
            "Source: Lenin Collected Works, Progress Publishers, 1965, Moscow, Volume 45",
            None,
        );
        check(
            "The National Archives of Armenia hold 65 files on it.",
            None,
        );
        check("Registration No. 6600/op. of 5 May", None);
        check("In 1920 the front moved 12 km.", None);
        check("See p. 861.", None);
    }
}
