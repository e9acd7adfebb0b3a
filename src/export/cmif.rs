//! CMIF (the Correspondence Metadata Interchange Format of correspSearch): a
//! TEI file whose header lists one `correspDesc` per letter or telegram, with
//! who sent it, where and when, and to whom. The sender and addressee come
//! from the document's title (`Telegram from A to B on …`), place and date from
//! its dateline; a Russian title names them by case (`Письмо Ленина Сталину`)
//! and is read by `russian_correspondents`. A letter whose sender or addressee
//! cannot be read is left out and reported, never guessed.

use std::io;

use super::facts::{
    Correspondents, correspondents, document_date, document_label, document_place, document_title,
};
use super::html::document_pages;
use super::russian_correspondents::russian_correspondents;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::{DateValue, Document, Edition, Header};
use crate::tei::write::xml::{Out, Tag};

/// Diagnostic codes of the CMIF export.
pub mod codes {
    /// A letter or telegram whose sender or addressee the title does not name readably.
    pub const UNREADABLE_CORRESPONDENT: &str = "teikit::cmif::unreadable-correspondent";
}

#[derive(Debug, Clone, Copy, Default)]
pub struct CmifOptions<'a> {
    /// Role words (`Chairman`) and authority identifiers come from here.
    pub config: Option<&'a Config>,
    /// The site's base address: each `correspDesc` then links its document page.
    pub site_url: Option<&'a str>,
    /// The publication date CMIF asks for (`publicationStmt/date`); none by
    /// default, so the same input gives the same bytes.
    pub date: Option<jiff::civil::Date>,
}

/// Words that make a title's document a piece of correspondence.
const LETTER_WORDS: [&str; 14] = [
    "letter",
    "telegram",
    "cable",
    "note",
    "memorandum",
    "message",
    "dispatch",
    "radiogram",
    "telephonogram",
    "телеграмма",
    "шифротелеграмма",
    "письмо",
    "записка",
    "телефонограмма",
];

/// The CMIF file and the warnings for letters left out.
pub fn export_cmif(edition: &Edition, options: &CmifOptions) -> (String, Vec<Diagnostic>) {
    let pages = document_pages(edition);
    let mut letters = Vec::new();
    let mut warnings = Vec::new();
    for (doc, (_, file)) in edition.documents.iter().zip(&pages) {
        match letter(doc) {
            Letter::NotCorrespondence => {}
            Letter::Unreadable(what) => warnings.push(unreadable(doc, what)),
            Letter::Read(c) => letters.push((doc, c, file)),
        }
    }
    let bytes = write(edition, options, &letters).unwrap_or_default();
    (String::from_utf8_lossy(&bytes).into_owned(), warnings)
}

enum Letter {
    NotCorrespondence,
    /// What cannot be read, and why.
    Unreadable(String),
    Read(Correspondents),
}

fn letter(doc: &Document) -> Letter {
    let title = document_title(doc);
    let first_word = title
        .trim_start_matches("From a ")
        .trim_start_matches("From the ")
        .trim_start_matches("Excerpt from ")
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    let is_letter = LETTER_WORDS.contains(&first_word.as_str());
    if let Some(reading) = russian_correspondents(&title) {
        return match reading.problems.is_empty() {
            true => Letter::Read(reading.correspondents),
            false => Letter::Unreadable(format!(
                "correspondents of this letter cannot be read from its Russian title ({})",
                reading.problems.join("; ")
            )),
        };
    }
    let unreadable = |what: &str| {
        Letter::Unreadable(format!(
            "{what} of this letter cannot be read from its title"
        ))
    };
    match correspondents(&title) {
        Some(c) if c.sender.is_some() && c.addressee.is_some() => Letter::Read(c),
        Some(c) if c.sender.is_none() && c.addressee.is_none() => {
            unreadable("sender and addressee")
        }
        Some(c) if c.sender.is_none() => unreadable("sender"),
        Some(_) => unreadable("addressee"),
        None if is_letter => unreadable("sender and addressee"),
        None => Letter::NotCorrespondence,
    }
}

fn unreadable(doc: &Document, what: String) -> Diagnostic {
    let span = doc.heads.first().map(|h| h.span).unwrap_or(doc.span);
    Diagnostic::warning(
        codes::UNREADABLE_CORRESPONDENT,
        span,
        format!(
            "{}: the {what}; it is left out of the CMIF file",
            document_label(doc)
        ),
    )
    .with_help(
        "name both in the title: “Letter from SENDER to ADDRESSEE …”, or in Russian “Письмо И. О. Фамилии И. О. Фамилии …” (sender in the genitive, addressee in the dative)",
    )
}

/// The CMIF file: a TEI header with one `correspDesc` per letter read, and
/// the empty body CMIF asks for.
fn write(
    edition: &Edition,
    options: &CmifOptions,
    letters: &[(&Document, Correspondents, &String)],
) -> io::Result<Vec<u8>> {
    let mut out = Out::new();
    out.declaration()?;
    out.open(Tag::new("TEI").attr("xmlns", "http://www.tei-c.org/ns/1.0"))?;
    out.open(Tag::new("teiHeader"))?;
    write_file_desc(&mut out, &edition.header, options)?;
    out.open(Tag::new("profileDesc"))?;
    for (doc, c, file) in letters {
        write_corresp_desc(&mut out, options, doc, c, file)?;
    }
    out.close("profileDesc")?;
    out.close("teiHeader")?;
    out.open(Tag::new("text"))?;
    out.open(Tag::new("body"))?;
    out.newline()?;
    out.empty(&Tag::new("p"))?;
    out.close("body")?;
    out.close("text")?;
    out.close("TEI")?;
    out.into_bytes()
}

/// `fileDesc`: the title, publisher, address, date and licence of the CMIF
/// file, and the edition as its one source.
fn write_file_desc(out: &mut Out, header: &Header, options: &CmifOptions) -> io::Result<()> {
    out.open(Tag::new("fileDesc"))?;
    out.open(Tag::new("titleStmt"))?;
    let title = if header.title.trim().is_empty() {
        "Documentary edition"
    } else {
        header.title.as_str()
    };
    out.text_line(Tag::new("title"), &format!("Correspondence in: {title}"))?;
    if let Some(editor) = header.editor.as_ref().filter(|e| !e.name.trim().is_empty()) {
        out.text_line(Tag::new("editor"), &editor.name)?;
    }
    out.close("titleStmt")?;
    out.open(Tag::new("publicationStmt"))?;
    out.text_line(
        Tag::new("publisher"),
        header.publisher.as_deref().unwrap_or(title),
    )?;
    if let Some(url) = options.site_url {
        out.text_line(
            Tag::new("idno").attr("type", "url"),
            &format!("{}/cmif.xml", url.trim_end_matches('/')),
        )?;
    }
    if let Some(date) = options.date {
        out.newline()?;
        out.empty(&Tag::new("date").attr("when", date.to_string()))?;
    }
    if let Some(licence) = &header.licence {
        out.open(Tag::new("availability"))?;
        out.text_line(
            Tag::new("licence").opt("target", licence.url.as_deref()),
            &licence.text,
        )?;
        out.close("availability")?;
    }
    out.close("publicationStmt")?;
    out.open(Tag::new("sourceDesc"))?;
    let mut bibl = title.to_string();
    if let Some(editor) = &header.editor {
        bibl.push_str(&format!(", ed. by {}", editor.name));
    }
    out.text_line(
        Tag::new("bibl")
            .attr(
                "type",
                if options.site_url.is_some() {
                    "online"
                } else {
                    "print"
                },
            )
            .attr("xml:id", "edition"),
        &bibl,
    )?;
    out.close("sourceDesc")?;
    out.close("fileDesc")?;
    Ok(())
}

/// One letter's `correspDesc`: who sent it, from where and when, and to whom.
fn write_corresp_desc(
    out: &mut Out,
    options: &CmifOptions,
    doc: &Document,
    c: &Correspondents,
    file: &str,
) -> io::Result<()> {
    let url = options
        .site_url
        .map(|u| format!("{}/{file}", u.trim_end_matches('/')));
    out.open(
        Tag::new("correspDesc")
            .opt("key", doc.n.as_deref())
            .opt("ref", url)
            .attr("source", "#edition"),
    )?;
    out.open(Tag::new("correspAction").attr("type", "sent"))?;
    write_name(out, options, c.sender.as_deref().unwrap_or_default())?;
    if let Some(place) = document_place(doc) {
        let reference = authority(options, place);
        out.text_line(Tag::new("placeName").opt("ref", reference), place)?;
    }
    if let Some(date) = document_date(doc) {
        write_date(out, date)?;
    }
    out.close("correspAction")?;
    out.open(Tag::new("correspAction").attr("type", "received"))?;
    write_name(out, options, c.addressee.as_deref().unwrap_or_default())?;
    out.close("correspAction")?;
    out.close("correspDesc")?;
    Ok(())
}

/// A person (`P. Ostrikov`, `the Chairman …, P. Ostrikov`, `the Commissar G.
/// Chicherin`: the named person) or an organisation (`the Commissariat for Food`).
fn write_name(out: &mut Out, options: &CmifOptions, phrase: &str) -> io::Result<()> {
    let (element, name) = match named_person(options, phrase) {
        Some(person) => ("persName", person),
        None if is_organisation(options, phrase) => ("orgName", phrase),
        None => ("persName", phrase),
    };
    let reference = authority(options, name);
    out.text_line(Tag::new(element).opt("ref", reference), name)
}

/// The person a phrase names: its last comma part when that starts with an
/// initial (or is a bare surname after an office), else the initials and
/// surname that end it.
fn named_person<'p>(options: &CmifOptions, phrase: &'p str) -> Option<&'p str> {
    if let Some((before, last)) = phrase.rsplit_once(", ") {
        let last = last.trim();
        if starts_with_initial(last) {
            return Some(last);
        }
        let single = !last.contains(' ') && last.chars().next().is_some_and(char::is_uppercase);
        if single && !is_organisation(options, before) {
            return Some(last);
        }
    }
    // `… Representative B. Legran`: the first initial of the trailing name.
    let words: Vec<(usize, &str)> = phrase
        .match_indices(|c: char| !c.is_whitespace())
        .filter(|(i, _)| *i == 0 || phrase[..*i].ends_with(char::is_whitespace))
        .map(|(i, _)| (i, phrase[i..].split_whitespace().next().unwrap_or("")))
        .collect();
    let (last_at, last) = *words.last()?;
    if words.len() < 2 || starts_with_initial(last) {
        return None;
    }
    let mut start = last_at;
    for (i, w) in words.iter().rev().skip(1) {
        if starts_with_initial(w) && w.chars().count() <= 3 {
            start = *i;
        } else {
            break;
        }
    }
    (start < last_at && start > 0).then(|| &phrase[start..])
}

/// `P. Ostrikov`, `В. И. Ленин`: an initial, a full stop.
fn starts_with_initial(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some(c), Some('.')) if c.is_uppercase()
    )
}

/// `the …` naming no office (`the Committee`), as opposed to `the Chairman`.
fn is_organisation(options: &CmifOptions, phrase: &str) -> bool {
    // `ЦК РКП(б)`, `СНК`: an institution's abbreviation.
    if phrase.split_whitespace().all(|w| {
        let head = w.split('(').next().unwrap_or(w);
        head.chars().count() >= 2 && head.chars().all(char::is_uppercase)
    }) {
        return true;
    }
    let Some(rest) = phrase.strip_prefix("the ") else {
        return false;
    };
    let builtin;
    let roles: &[String] = match options.config {
        Some(c) => &c.conventions.role_words,
        None => {
            builtin = crate::config::Conventions::default().role_words;
            &builtin
        }
    };
    let first = rest.split_whitespace().next().unwrap_or("");
    !roles.iter().any(|r| first.eq_ignore_ascii_case(r))
}

/// The URIs the config's `[authorities]` table gives a name, space-separated.
fn authority(options: &CmifOptions, name: &str) -> Option<String> {
    options
        .config
        .and_then(|c| c.authorities.uris(name))
        .map(|uris| uris.join(" "))
}

/// `when`, or the bounds; an undated `date` is left out.
fn write_date(out: &mut Out, date: &DateValue) -> io::Result<()> {
    let when = date.when.as_deref().map(|w| w.get(..10).unwrap_or(w));
    if when.is_none() && date.not_before.is_none() && date.not_after.is_none() {
        return Ok(());
    }
    out.newline()?;
    out.empty(
        &Tag::new("date")
            .opt("when", when)
            .opt("notBefore", date.not_before.as_deref())
            .opt("notAfter", date.not_after.as_deref()),
    )
}
