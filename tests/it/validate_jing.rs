//! Agreement with jing: mutants of valid TEI files (elements removed, renamed,
//! duplicated or misplaced, attributes removed, added or given bad values)
//! must get the same valid/invalid verdict from teikit's schema validation
//! as from jing, the reference RELAX NG validator.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::reader::Reader;
use quick_xml::writer::Writer;
use rayon::prelude::*;
use teikit::validate::{Schema, ValidateOptions, validate_text};

/// Valid TEI files the mutants start from.
const BASES: &[&str] = &[
    "tests/fixtures/validate/edition-valid.xml",
    "tests/fixtures/validate/minimal-valid.xml",
];

#[derive(Debug, Clone)]
enum Mutation {
    RemoveElement,
    RenameElement(&'static str),
    DuplicateElement,
    InsertChild(&'static str),
    RemoveAttribute(usize),
    SetAttribute(String, String),
    UnwrapText,
}

/// Names and values the mutants use, chosen to hit both accepted and
/// rejected cases of tei_all.
const RENAMES: &[&str] = &["ab", "head", "seg", "bogus", "note", "list"];
const INSERTS: &[&str] = &["head", "p", "teiHeader", "date", "item"];
const ATTRIBUTE_CHANGES: &[(&str, &str)] = &[
    ("when", "1787-02-30"),
    ("when", "1920-11-05"),
    ("when", "1920-13"),
    ("xml:id", "1bad"),
    ("xml:id", "d562"),
    ("n", "x y"),
    ("rend", "bold"),
    ("place", "foot"),
    ("target", "#a#b"),
    ("target", "%zz"),
    ("type", "document"),
    ("unit", "page"),
    ("from", "1"),
    ("notBefore", "1920-02-29"),
    ("notAfter", "1921-02-29"),
    ("bogus", "1"),
    ("cert", "sure"),
    ("cert", "low"),
];

/// Every mutation of every element of `text`, as (description, mutant).
fn mutants(text: &str) -> Vec<(String, String)> {
    let count = element_count(text);
    let mut out = Vec::new();
    for k in 0..count {
        let mut plan = vec![
            Mutation::RemoveElement,
            Mutation::DuplicateElement,
            Mutation::UnwrapText,
            Mutation::RenameElement(RENAMES[k % RENAMES.len()]),
            Mutation::InsertChild(INSERTS[k % INSERTS.len()]),
            Mutation::RemoveAttribute(0),
            Mutation::RemoveAttribute(1),
        ];
        let (name, value) = ATTRIBUTE_CHANGES[k % ATTRIBUTE_CHANGES.len()];
        plan.push(Mutation::SetAttribute(name.to_string(), value.to_string()));
        let (name, value) = ATTRIBUTE_CHANGES[(k * 7 + 3) % ATTRIBUTE_CHANGES.len()];
        plan.push(Mutation::SetAttribute(name.to_string(), value.to_string()));
        for mutation in plan {
            if let Some(mutant) = mutate(text, k, &mutation) {
                out.push((format!("element {k}: {mutation:?}"), mutant));
            }
        }
    }
    out
}

fn element_count(text: &str) -> usize {
    let mut reader = Reader::from_str(text);
    let mut count = 0;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(_) | Event::Empty(_) => count += 1,
            Event::Eof => return count,
            _ => {}
        }
    }
}

/// Rewrites `text` with `mutation` applied to its `target`-th element;
/// `None` when the mutation does not apply (e.g. no such attribute).
fn mutate(text: &str, target: usize, mutation: &Mutation) -> Option<String> {
    let mut reader = Reader::from_str(text);
    let mut writer = Writer::new(Cursor::new(Vec::new()));
    let mut index = 0;
    let mut applied = false;
    // Depth inside the targeted element while skipping or copying it.
    let mut skipping: Option<usize> = None;
    let mut copy: Option<(usize, Vec<Event<'static>>)> = None;
    loop {
        let event = reader.read_event().unwrap();
        if matches!(event, Event::Eof) {
            break;
        }
        if let Some(depth) = skipping.as_mut() {
            match &event {
                Event::Start(_) => *depth += 1,
                Event::End(_) => {
                    *depth -= 1;
                    if *depth == 0 {
                        skipping = None;
                    }
                }
                _ => {}
            }
            if let Event::Start(_) | Event::Empty(_) = event {
                index += 1;
            }
            continue;
        }
        if let Some((depth, buffer)) = copy.as_mut() {
            buffer.push(event.clone().into_owned());
            match &event {
                Event::Start(_) => *depth += 1,
                Event::End(_) => *depth -= 1,
                _ => {}
            }
            if let Event::Start(_) | Event::Empty(_) = &event {
                index += 1;
            }
            writer.write_event(event).unwrap();
            if *depth == 0 {
                let (_, buffer) = copy.take().unwrap();
                for e in buffer {
                    writer.write_event(e).unwrap();
                }
            }
            continue;
        }
        let is_empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(tag) | Event::Empty(tag) if index == target => {
                index += 1;
                applied = true;
                match mutation {
                    Mutation::RemoveElement => {
                        if !is_empty {
                            skipping = Some(1);
                        }
                        if index == 1 {
                            return None; // removing the root leaves no document
                        }
                    }
                    Mutation::RenameElement(name) => {
                        if local(&tag) == *name {
                            return None;
                        }
                        let mut renamed = BytesStart::new(*name);
                        renamed.extend_attributes(tag.attributes().map(|a| a.unwrap()));
                        if is_empty {
                            writer.write_event(Event::Empty(renamed)).unwrap();
                        } else {
                            writer.write_event(Event::Start(renamed)).unwrap();
                            // Rename the matching end tag too.
                            let rest = rename_end(&mut reader, &mut writer, name, &mut index);
                            rest?;
                        }
                    }
                    Mutation::DuplicateElement => {
                        if index == 1 {
                            return None;
                        }
                        if is_empty {
                            writer.write_event(Event::Empty(tag.to_owned())).unwrap();
                            writer.write_event(Event::Empty(tag.to_owned())).unwrap();
                        } else {
                            writer.write_event(Event::Start(tag.to_owned())).unwrap();
                            copy = Some((1, vec![Event::Start(tag.into_owned())]));
                        }
                    }
                    Mutation::InsertChild(name) => {
                        let child = BytesStart::new(*name);
                        if is_empty {
                            writer.write_event(Event::Start(tag.to_owned())).unwrap();
                            write_child(&mut writer, child);
                            writer
                                .write_event(Event::End(tag.to_end().into_owned()))
                                .unwrap();
                        } else {
                            writer.write_event(Event::Start(tag.to_owned())).unwrap();
                            write_child(&mut writer, child);
                        }
                    }
                    Mutation::RemoveAttribute(which) => {
                        let attributes: Vec<_> = tag.attributes().map(|a| a.unwrap()).collect();
                        let real: Vec<_> = attributes
                            .iter()
                            .filter(|a| !a.key.as_ref().starts_with("xmlns"))
                            .collect();
                        let drop = real.get(*which)?;
                        let mut kept = BytesStart::new(name_of(&tag));
                        for a in &attributes {
                            if a.key != drop.key {
                                kept.push_attribute(a.clone());
                            }
                        }
                        write_same_kind(&mut writer, kept, is_empty);
                    }
                    Mutation::SetAttribute(key, value) => {
                        let mut changed = BytesStart::new(name_of(&tag));
                        for a in tag.attributes().map(|a| a.unwrap()) {
                            if a.key.as_ref() != key.as_str() {
                                changed.push_attribute(a);
                            }
                        }
                        changed.push_attribute((key.as_str(), value.as_str()));
                        write_same_kind(&mut writer, changed, is_empty);
                    }
                    Mutation::UnwrapText => {
                        // Replace the element by its text only.
                        if index == 1 || is_empty {
                            return None;
                        }
                        let mut depth = 1;
                        loop {
                            match reader.read_event().unwrap() {
                                Event::Start(_) => {
                                    depth += 1;
                                    index += 1;
                                }
                                Event::Empty(_) => index += 1,
                                Event::End(_) => {
                                    depth -= 1;
                                    if depth == 0 {
                                        break;
                                    }
                                }
                                Event::Text(t) => writer.write_event(Event::Text(t)).unwrap(),
                                Event::GeneralRef(r) => {
                                    writer.write_event(Event::GeneralRef(r)).unwrap()
                                }
                                Event::Eof => return None,
                                _ => {}
                            }
                        }
                    }
                }
            }
            Event::Start(tag) => {
                index += 1;
                writer.write_event(Event::Start(tag)).unwrap();
            }
            Event::Empty(tag) => {
                index += 1;
                writer.write_event(Event::Empty(tag)).unwrap();
            }
            other => writer.write_event(other).unwrap(),
        }
    }
    if !applied {
        return None;
    }
    String::from_utf8(writer.into_inner().into_inner()).ok()
}

fn name_of(tag: &BytesStart<'_>) -> String {
    tag.name().as_ref().to_string()
}

fn local(tag: &BytesStart<'_>) -> String {
    tag.local_name().as_ref().to_string()
}

fn write_child(writer: &mut Writer<Cursor<Vec<u8>>>, child: BytesStart<'static>) {
    let end = child.to_end().into_owned();
    writer.write_event(Event::Start(child)).unwrap();
    writer
        .write_event(Event::Text(BytesText::new("x")))
        .unwrap();
    writer.write_event(Event::End(end)).unwrap();
}

fn write_same_kind(writer: &mut Writer<Cursor<Vec<u8>>>, tag: BytesStart<'_>, empty: bool) {
    if empty {
        writer.write_event(Event::Empty(tag)).unwrap();
    } else {
        writer.write_event(Event::Start(tag)).unwrap();
    }
}

/// Copies events up to the end tag matching an opened element, renamed.
fn rename_end(
    reader: &mut Reader<&[u8]>,
    writer: &mut Writer<Cursor<Vec<u8>>>,
    name: &str,
    index: &mut usize,
) -> Option<()> {
    let mut depth = 1;
    loop {
        let event = reader.read_event().unwrap();
        match &event {
            Event::Start(_) => {
                depth += 1;
                *index += 1;
            }
            Event::Empty(_) => *index += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    writer
                        .write_event(Event::End(quick_xml::events::BytesEnd::new(name)))
                        .unwrap();
                    return Some(());
                }
            }
            Event::Eof => return None,
            _ => {}
        }
        writer.write_event(event).unwrap();
    }
}

/// jing's verdict for each file: true when valid.
fn jing_verdicts(schema: &str, files: &[PathBuf]) -> Vec<bool> {
    let mut command = Command::new("jing");
    command.arg(schema).args(files);
    let output = command.output().expect("jing runs");
    let report = String::from_utf8_lossy(&output.stdout);
    files
        .iter()
        .map(|f| {
            let prefix = format!("{}:", f.display());
            !report.lines().any(|l| l.starts_with(&prefix))
        })
        .collect()
}

/// Whether jing is there; in CI its absence is a failure, elsewhere a skip.
fn jing_available() -> bool {
    crate::support::tool_installed(&crate::support::test_name(), "jing", &["-h"])
}

#[test]
fn verdicts_agree_with_jing_on_mutants() {
    if !jing_available() {
        return;
    }
    agree("schemas/tei_all.rng", BASES);
}

#[test]
fn profile_verdicts_agree_with_jing_on_mutants() {
    if !jing_available() {
        return;
    }
    agree(
        "schemas/teikit-edition.rng",
        &["tests/fixtures/validate/profile-edition.xml"],
    );
}

/// Mutates `bases` and compares teikit's verdict under `schema_path` with jing's.
fn agree(schema_path: &str, bases: &[&str]) {
    // RELAX NG alone: jing does not run the schema's Schematron.
    let schema = Schema::load(Path::new(schema_path))
        .unwrap()
        .without_schematron();
    let options = ValidateOptions {
        schema: &schema,
        profile: None,
        rules: false,
    };
    let dir = tempfile::tempdir().unwrap();
    let mut cases = Vec::new();
    for base in bases {
        let text = std::fs::read_to_string(base).unwrap();
        // Every third mutant keeps the run short while covering every kind.
        for (what, mutant) in mutants(&text).into_iter().step_by(3) {
            cases.push((format!("{base}: {what}"), mutant));
        }
    }
    assert!(cases.len() >= 200, "only {} mutants", cases.len());
    let files: Vec<PathBuf> = cases
        .iter()
        .enumerate()
        .map(|(i, (_, mutant))| {
            let path = dir.path().join(format!("m{i:04}.xml"));
            std::fs::write(&path, mutant).unwrap();
            path
        })
        .collect();
    let started = std::time::Instant::now();
    let expected = jing_verdicts(schema_path, &files);
    eprintln!("jing: {:?}", started.elapsed());
    let started = std::time::Instant::now();
    let actual: Vec<bool> = cases
        .par_iter()
        .map(|(_, mutant)| !validate_text(mutant, &options).iter().any(|d| d.is_error()))
        .collect();
    eprintln!("teikit: {:?}", started.elapsed());
    let invalid = expected.iter().filter(|v| !**v).count();
    eprintln!(
        "{} mutants: jing finds {} invalid, {} valid",
        cases.len(),
        invalid,
        cases.len() - invalid
    );
    // Both verdicts must occur, or the mutants test nothing.
    assert!(invalid > 50 && cases.len() - invalid > 20);
    assert!(cases.len() >= 200);
    let disagreements: Vec<String> = cases
        .iter()
        .zip(expected.iter().zip(&actual))
        .zip(&files)
        .filter(|(((_, _), (e, a)), _)| e != a)
        .map(|(((what, _), (e, _)), file)| {
            format!("{what} ({}): jing says valid={e}", file.display())
        })
        .collect();
    if !disagreements.is_empty() {
        let keep = dir.keep();
        panic!(
            "{} disagreements with jing (mutants kept in {}):\n{}",
            disagreements.len(),
            keep.display(),
            disagreements.join("\n")
        );
    }
}
