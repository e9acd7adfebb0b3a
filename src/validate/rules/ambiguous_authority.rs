//! Rule: a name's authority link is unambiguous. A `persName` or `placeName`
//! whose `@ref` holds two records of one authority file (two Wikidata
//! entities), or one printed name linked to different records in different
//! places, was mapped ambiguously (in `[authorities]` or by hand).

use std::collections::HashMap;

use super::{Tree, named};
use crate::diagnostic::Diagnostic;
use crate::model::Span;

pub const RULE: super::Rule = super::Rule {
    code: "teikit::rules::ambiguous-authority",
    description: "a name's @ref names one record per authority file, the same everywhere",
    fix: "keep one URI per authority file for the name in [authorities] (or in @ref)",
    check,
};

/// The authority file of a URI: its host without `www.` (`wikidata.org`).
fn authority_of(uri: &str) -> Option<&str> {
    let host = uri.split("://").nth(1)?.split('/').next()?;
    Some(host.trim_start_matches("www."))
}

fn check(tree: &Tree) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: HashMap<(String, String), (String, Span)> = HashMap::new();
    for local in ["persName", "placeName"] {
        for id in named(tree, local) {
            let Some(element) = tree.element(id) else {
                continue;
            };
            let Some(reference) = element.attribute("ref") else {
                continue;
            };
            let uris: Vec<&str> = reference
                .value
                .split_whitespace()
                .filter(|u| u.contains("://"))
                .collect();
            let mut by_file: HashMap<&str, &str> = HashMap::new();
            for uri in &uris {
                let Some(file) = authority_of(uri) else {
                    continue;
                };
                if let Some(other) = by_file.insert(file, uri) {
                    out.push(
                        Diagnostic::warning(
                            RULE.code,
                            reference.span,
                            format!("<{local}> links two {file} records: {other} and {uri}"),
                        )
                        .with_label("two records of one authority file"),
                    );
                }
            }
            let name = tree
                .text_of(id)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            // Compared with earlier elements only: a conflict inside this
            // element was reported above.
            let mut mine = Vec::new();
            for uri in uris {
                let Some(file) = authority_of(uri) else {
                    continue;
                };
                let key = (format!("{local}:{name}"), file.to_string());
                match seen.get(&key) {
                    Some((earlier, span)) if earlier != uri => out.push(
                        Diagnostic::warning(
                            RULE.code,
                            reference.span,
                            format!("“{name}” links {uri} here but {earlier} before"),
                        )
                        .with_label("a different record for the same name")
                        .with_secondary(*span, "first link"),
                    ),
                    Some(_) => {}
                    None => mine.push((key, (uri.to_string(), reference.span))),
                }
            }
            for (key, value) in mine {
                seen.entry(key).or_insert(value);
            }
        }
    }
    out
}
